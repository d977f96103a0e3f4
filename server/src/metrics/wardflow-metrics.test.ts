import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WardflowMetrics } from './wardflow-metrics.js';

const DASHBOARD = join(dirname(fileURLToPath(import.meta.url)), '../../../docker/grafana/dashboards/wardflow.json');

describe('WardflowMetrics', () => {
  it('should read queues, boards and sockets when scraped, and describe every metric', async () => {
    const metrics = new WardflowMetrics();
    metrics.readFrom({
      queues: async () => [{ queue: 'ward-poll', counts: { waiting: 3, active: 1, failed: 0 } }],
      boards: async () => [
        { wardId: 'ward-a', ageSeconds: 61, stale: false },
        { wardId: 'ward-b', ageSeconds: null, stale: true },
      ],
      sockets: () => ({ user: 2, device: 5, token: 0 }),
    });
    metrics.pollDuration.observe({ ward: 'ward-a', outcome: 'new-version' }, 0.3);
    metrics.fhirRequestDone('503', 0.02);
    const { body, contentType } = await metrics.exposition();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('wardflow_queue_jobs{queue="ward-poll",state="waiting"} 3');
    expect(body).toContain('wardflow_board_age_seconds{ward="ward-a"} 61');
    // A ward never read has no age to report, but is counted stale.
    expect(body).not.toContain('wardflow_board_age_seconds{ward="ward-b"}');
    expect(body).toContain('wardflow_board_stale{ward="ward-b"} 1');
    expect(body).toContain('wardflow_socket_connections{kind="device"} 5');
    expect(body).toContain('wardflow_poll_duration_seconds_count{ward="ward-a",outcome="new-version"} 1');
    expect(body).toContain('wardflow_fhir_requests_total{status="503"} 1');
    for (const line of body.split('\n').filter((l) => l.startsWith('# HELP ')))
      expect(line).toMatch(/^# HELP wardflow_/);
  });

  it('should still answer, saying which sources did not, while Redis hangs and the database fails', async () => {
    const metrics = new WardflowMetrics();
    metrics.readFrom({
      queues: () => new Promise(() => undefined),
      boards: () => Promise.reject(new Error('connect ECONNREFUSED')),
    });
    const started = Date.now();
    const { body } = await metrics.exposition();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(body).toContain('wardflow_scrape_source_up{source="queues"} 0');
    expect(body).toContain('wardflow_scrape_source_up{source="boards"} 0');
    expect(body).toMatch(/wardflow_process_resident_memory_bytes \d+/);
    metrics.readFrom({ queues: async () => [], boards: async () => [] });
    const again = (await metrics.exposition()).body;
    expect(again).toContain('wardflow_scrape_source_up{source="queues"} 1');
    expect(again).toContain('wardflow_scrape_source_up{source="boards"} 1');
  });

  it('should forget a ward that is no longer live at the next scrape', async () => {
    const metrics = new WardflowMetrics();
    let boards = [{ wardId: 'ward-a', ageSeconds: 10, stale: false }];
    metrics.readFrom({ boards: async () => boards });
    expect((await metrics.exposition()).body).toContain('ward="ward-a"');
    boards = [];
    expect((await metrics.exposition()).body).not.toContain('ward="ward-a"');
  });

  it('should only chart metrics the server serves (docker/grafana/dashboards/wardflow.json)', async () => {
    const served = new Set(
      (await new WardflowMetrics().registry.getMetricsAsJSON()).flatMap((m) =>
        String(m.type) === 'histogram' ? [`${m.name}_bucket`, `${m.name}_count`, `${m.name}_sum`] : [m.name],
      ),
    );
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const charted = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) => t.expr.match(/wardflow_[a-z0-9_]+/g) ?? []),
    );
    expect(charted.length).toBeGreaterThan(10);
    expect(charted.filter((name) => !served.has(name))).toEqual([]);
  });
});
