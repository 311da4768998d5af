/**
 * The queue dashboard: Bull Board over every queue of the fleet (the four
 * stages, the batch flows' parents, the scheduler's queue), served by Hono's
 * Node server on one address. It can retry and remove jobs, so it listens on
 * 127.0.0.1 unless the user names another address.
 */
import type { AddressInfo } from 'node:net';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Queue } from 'bullmq';
import { Hono } from 'hono';
import type { Redis } from 'ioredis';
import { STAGES } from '../pipeline/core/jobs.ts';
import { BATCH_QUEUE, SCHEDULE_QUEUE } from './batch-flow.ts';

export const DASHBOARD_QUEUES: ReadonlyArray<string> = [...STAGES, BATCH_QUEUE, SCHEDULE_QUEUE];

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

export interface DashboardOptions {
  connection: Redis;
  prefix: string;
  host: string;
  /** 0: any free port. */
  port: number;
  basePath?: string;
}

/** Starts the dashboard; resolves once it listens. */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const basePath = options.basePath ?? '/';
  const queues = DASHBOARD_QUEUES.map((name) => new Queue(name, { connection: options.connection, prefix: options.prefix }));
  const serverAdapter = new HonoAdapter(serveStatic);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  serverAdapter.setBasePath(basePath);
  const app = new Hono();
  app.route(basePath, serverAdapter.registerPlugin());

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}${basePath === '/' ? '/' : `${basePath}/`}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(queues.map((q) => q.close()));
    },
  };
}
