/** The watchlist and the later filing of the batch tests: the fictional issuers of test/fixtures/edgar. */

export const TWO_ISSUERS = [
  { ticker: 'VGMC', cik: '9990001', name: 'Voltgrid Mining Corp', forms: ['10-K', '10-Q', '8-K'], country: 'US', miner: true },
  { ticker: 'NLCI', cik: 9990002, name: 'Northern Lights Compute Inc.', forms: ['40-F', '6-K'] },
];

/** The fictional 6-K that appears on the server after the first batches. */
export const LATER_6K = {
  cik: '9990002',
  accession: '0009990002-24-000031',
  form: '6-K',
  filingDate: '2024-11-14',
  documents: {
    'nlci-6k_20241114.htm': '<html><body><p>Report of Foreign Private Issuer. Exhibit 99.1 attached.</p></body></html>',
    'nlci-6k-ex99_1.htm':
      '<html><body><p>Northern Lights Compute Reports Third Quarter 2024 Results</p>' +
      '<p>The Corporation signed a ten-year lease of 40 MW of its Quebec campus to an AI cloud customer for GPU hosting.</p>' +
      '<p>HPC colocation revenue reached $11 million in the quarter as the AI customer began its lease.</p>' +
      '<p>The Corporation mined 205 bitcoin in the quarter.</p></body></html>',
  },
};

/** A fictional 10-Q of Voltgrid whose AI/HPC hosting outweighs its mining: it moves the issuer's pivot index. */
export const LATER_10Q = {
  cik: '9990001',
  accession: '0009990001-24-000095',
  form: '10-Q',
  filingDate: '2024-11-08',
  reportDate: '2024-09-30',
  documents: {
    'vgmc-20240930.htm':
      '<html><body><p>Part I. Financial Information.</p>' +
      '<p>Item 2. Management&#x27;s Discussion and Analysis of Financial Condition and Results of Operations.</p>' +
      '<p>During the quarter we completed the conversion of 60 MW of our Amarillo facility to host GPU clusters for our AI cloud customer.</p>' +
      '<p>HPC hosting revenue was $14.2 million in the quarter under our colocation lease with an AI cloud provider.</p>' +
      '<p>We signed a second ten-year lease with a hyperscaler for 40 MW of AI data center capacity.</p>' +
      '<p>Our AI and HPC hosting segment generated most of our revenue in the quarter.</p>' +
      '<p>Our self-mining hash rate was 4.1 EH/s at September 30, 2024.</p>' +
      '</body></html>',
  },
};
