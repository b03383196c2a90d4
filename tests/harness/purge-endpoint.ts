/** A webhook purge endpoint (PURGE_ADAPTER=webhook) in the test process: records the tags of each POST it accepts. */
import http from 'http';
import { listen, close } from './servers';

export function purgeEndpoint() {
  const received: string[][] = [];
  let answer = 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (answer === 200) received.push((JSON.parse(body) as { tags: string[] }).tags);
      res.statusCode = answer;
      res.end();
    });
  });
  return {
    received,
    all: () => new Set(received.flat()),
    /** How many accepted POSTs named `tag`. */
    count: (tag: string) => received.filter((tags) => tags.includes(tag)).length,
    answerWith: (status: number) => (answer = status),
    url: () => listen(server),
    close: () => close(server),
  };
}
