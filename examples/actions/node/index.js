// App Actions from Node, on its standard library only: the same two routes as the Python micro,
// GET /__space/actions for the declarations and a POST per action with the inputs as JSON.
const http = require('http');

const actions = [
  { name: 'add', title: 'Add two numbers', path: '/actions/add',
    input: [{ name: 'a', type: 'number' }, { name: 'b', type: 'number' }] },
  { name: 'shout', title: 'Shout a word', path: '/actions/shout', output: '@deta/detail',
    input: [{ name: 'word', type: 'string' }, { name: 'twice', type: 'boolean', optional: true }] },
];

function send(res, code, body) {
  const data = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(data);
}

http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/') return send(res, 200, 'the Node micro of the actions demo');
  if (req.method === 'GET' && req.url === '/__space/actions') return send(res, 200, { actions });
  if (req.method !== 'POST') return send(res, 404, { error: 'no route ' + req.url });
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const input = body ? JSON.parse(body) : {};
    if (req.url === '/actions/add') return send(res, 200, { sum: input.a + input.b });
    if (req.url === '/actions/shout') {
      const loud = input.word.toUpperCase() + '!';
      return send(res, 200, { title: 'Shouted', text: input.twice ? loud + ' ' + loud : loud });
    }
    return send(res, 404, { error: 'no action at ' + req.url });
  });
}).listen(Number(process.env.PORT), process.env.HOST || '127.0.0.1', () => {
  console.log('node micro listening on', process.env.PORT);
});
