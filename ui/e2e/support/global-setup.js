// Starts the stack once for the run, and a small control endpoint on loopback so that tests
// (in worker processes) can ask for a fresh backend or the daemons' logs. Returns the teardown.
import http from 'node:http';
import { Stack } from './stack.js';

export default async function globalSetup() {
  const stack = new Stack();
  try {
    await stack.start();
  } catch (error) {
    console.error(stack.logs());
    await stack.stop();
    throw error;
  }
  const control = http.createServer(async (request, response) => {
    try {
      if (request.method === 'POST' && request.url === '/reset') await stack.reset();
      else if (request.url !== '/logs') throw new Error(`unknown ${request.url}`);
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end(request.url === '/logs' ? stack.logs() : 'ok');
    } catch (error) {
      response.writeHead(500).end(`${error.stack}\n${stack.logs()}`);
    }
  });
  await new Promise((resolve) => control.listen(0, '127.0.0.1', resolve));
  process.env.SC_E2E_STACK = JSON.stringify({ ...stack.describe(), control: `http://127.0.0.1:${control.address().port}` });
  console.log(`e2e stack: ${stack.front.url} (front: ${stack.front.child.name}, home: ${stack.home})`);
  const stop = async () => {
    control.close();
    await stack.stop();
    if (process.env.SC_E2E_KEEP !== '1') stack.remove(); // failed tests carry the logs already
  };
  process.once('SIGINT', () => stop().finally(() => process.exit(130)));
  return stop;
}
