const http = require('http');
const { Deta } = require('deta');
const base = Deta().Base('people');
// Exercises Deta Base through the real deta@2.0.0 SDK, unchanged, as a Space micro would.
const crypto = require('crypto');
const drive = Deta().Drive('files');

async function driveRun() {
  const out = {};
  out.putSmall = await drive.put('notes/hello.txt', { data: 'hello drive', contentType: 'text/plain' });
  const big = crypto.randomBytes(12 * 1024 * 1024);
  out.putBig = await drive.put('big.bin', { data: big });
  const small = await drive.get('notes/hello.txt');
  out.getSmall = Buffer.from(await small.arrayBuffer()).toString();
  const back = Buffer.from(await (await drive.get('big.bin')).arrayBuffer());
  out.bigMatches = back.length === big.length && crypto.createHash('sha256').update(back).digest('hex')
    === crypto.createHash('sha256').update(big).digest('hex');
  out.missing = await drive.get('nope.txt');
  out.list = await drive.list();
  out.listPrefix = await drive.list({ prefix: 'notes/' });
  out.deleted = await drive.deleteMany(['notes/hello.txt', 'never.txt']);
  out.after = await drive.list();
  return out;
}

http.createServer(async (req, res) => {
  if (req.url === '/drive') {
    try {
      const out = await driveRun();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(out));
    } catch (e) {
      res.writeHead(500); res.end(String(e && e.stack || e));
    }
    return;
  }
  if (req.url.startsWith('/get/')) {
    const item = await base.get(decodeURIComponent(req.url.slice(5)));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(item));
    return;
  }
  try {
    const out = {};
    out.put = await base.put({ name: 'Ada', age: 36 }, 'ada');
    out.get = await base.get('ada');
    out.missing = await base.get('nobody');
    try { await base.insert({ name: 'dup' }, 'ada'); out.insert = 'no conflict?!'; } catch (e) { out.insert = e.message; }
    await base.update({ age: base.util.increment(1), tags: base.util.append('math') }, 'ada');
    out.updated = await base.get('ada');
    await base.putMany([{ key: 'b', age: 10 }, { key: 'c', age: 50 }]);
    out.fetch = (await base.fetch({ 'age?gt': 20 })).items;
    out.paged = (await base.fetch({}, { limit: 1 })).last;
    await base.delete('b');
    out.afterDelete = await base.get('b');
    await base.put({ key: 'tmp' }, undefined, { expireIn: 3600 });
    out.expiring = await base.get('tmp');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(out));
  } catch (e) {
    res.writeHead(500); res.end(String(e && e.stack || e));
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
