/** Where an EDGAR filing is: the filer's CIK and the accession number (and the primary document, when known). */
import { z } from 'zod';

export const EdgarLocationSchema = z.object({
  kind: z.literal('edgar'),
  cik: z.string().regex(/^\d{10}$/),
  accession: z.string().regex(/^\d{10}-\d{2}-\d{6}$/),
  /** `primaryDocument` of the submissions JSON, when it named one. */
  primaryDocument: z.string().min(1).nullable().optional(),
});
export type EdgarLocation = z.infer<typeof EdgarLocationSchema>;
