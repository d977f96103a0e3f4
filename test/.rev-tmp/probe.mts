import http from 'node:http';
import { baseEnv, startWardflowProcess } from '../support/wardflow-process.js';
import { adminOf, signInAs } from '../support/principals.js';

function raw(url: string, path: string, method = 'GET', headers: Record<string,string> = {}): Promise<{status:number, body:string, rid?:string}> {
  const u = new URL(url);
  return new Promise((res, rej) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method, headers }, (r) => {
      let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => res({ status: r.statusCode ?? 0, body: b.slice(0, 80), rid: r.headers['x-request-id'] as string }));
    });
    req.on('error', rej); req.end();
  });
}

const server = await startWardflowProcess(baseEnv(), { history: false });
try {
  const admin = await adminOf(server);
  const nurse = await signInAs(server, 'nurse');
  const tok = { authorization: `Bearer ${server.token}` };
  const cases: Array<[string, string, Record<string,string>]> = [
    ['GET', '/metrics', tok], ['HEAD', '/metrics', {}], ['HEAD', '/METRICS', tok], ['GET', '/metrics/', tok], ['HEAD', '/metrics/', tok],
    ['GET', '/api/admin/queues/', { cookie: admin.headers.cookie, 'x-request-id': 'BULLBOARD-PROBE-1' }],
    ['GET', '/api/admin/queues/api/redis/stats', { cookie: admin.headers.cookie }],
    ['GET', '/api/admin/queues/', { 'x-request-id': 'BULLBOARD-PROBE-ANON' }],
    ['GET', '/api/admin/queues/', { cookie: nurse.headers.cookie, 'x-request-id': 'BULLBOARD-PROBE-NURSE' }],
    ['GET', '/api/patients/9434765919/NHSPROBE', { ...tok, 'x-request-id': 'PROBE-404-PATH' }],
    ['GET', '/api/wards', { ...tok, 'sec-fetch-site': 'cross-site', 'x-request-id': 'PROBE-XSITE' }],
    ['GET', 'http://localhost/api/wards', { ...tok, 'x-request-id': 'PROBE-ABSFORM' }],
    ['GET', '/api/wards', { ...tok, 'x-request-id': 'PROBE-NORMAL' }],
  ];
  for (const [m, p, h] of cases) {
    const r = await raw(server.url, p, m, h);
    console.log(m, p, Object.keys(h).join(','), '->', r.status, JSON.stringify(r.body.slice(0, 60)), 'rid=', r.rid);
  }
  const redis = await raw(server.url, '/api/admin/queues/api/redis/stats', 'GET', { cookie: admin.headers.cookie });
  console.log('redis stats body', redis.body);
  await new Promise((r) => setTimeout(r, 500));
  const out = server.output().split('\n');
  for (const needle of ['BULLBOARD-PROBE', 'PROBE-404-PATH', 'PROBE-XSITE', 'PROBE-ABSFORM', 'PROBE-NORMAL', 'admin/queues', '9434765919'])
    console.log('LOG', needle, '=>', out.filter((l) => l.includes(needle)).map((l)=>l.slice(0, 300)));
} finally {
  await server.stop();
}
