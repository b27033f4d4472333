// The micro the streaming benchmark uses: an SSE stream at /events (first event at once, then one
// a second) and a WebSocket echo at /ws (small text frames, written by hand: Node has no server).
const http = require('http');
const crypto = require('crypto');

const server = http.createServer((req, res) => {
  if (req.url === '/events') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.write('data: first\n\n');
    const timer = setInterval(() => res.write('data: tick\n\n'), 1000);
    req.on('close', () => clearInterval(timer));
  } else {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
  }
});

server.on('upgrade', (req, socket) => {
  const accept = crypto.createHash('sha1')
    .update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
  socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
    + `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.on('data', (frame) => {
    const opcode = frame[0] & 0x0f;
    if (opcode === 0x8) { socket.end(); return; }
    const length = frame[1] & 0x7f; // small frames only
    const mask = frame.subarray(2, 6);
    const payload = Buffer.from(frame.subarray(6, 6 + length).map((b, i) => b ^ mask[i % 4]));
    socket.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1');
