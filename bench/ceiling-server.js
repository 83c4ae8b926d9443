// The HTTP ceiling: the least a Node server can do with a report — read the body, answer 200.
import { createServer } from 'node:http';

const body = JSON.stringify({ message: 'Log reported', id: 1, status: 'NEW', fingerprint: '0'.repeat(32) });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
