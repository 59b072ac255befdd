// Runs the fixture server alone: `npm run server`. Prints the scenario URLs and the Chromium
// flags; on Ctrl-C prints how many sockets and requests it saw.
import { startFixtureServer } from './fixture-server.ts';

const server = await startFixtureServer({ verbose: process.argv.includes('--verbose') });
const run = Date.now().toString(36);
console.log(`Netlens fixture server (loopback only)`);
console.log(`  index:  ${server.urls.http('a.test', `/?run=${run}`)}`);
console.log(`  demo:   ${server.urls.http('a.test', `/demo?run=${run}`)}`);
console.log(`  ports:  http ${server.ports.http}, https ${server.ports.https}, h2 ${server.ports.h2}`);
console.log(`Chromium needs: ${server.chromiumArgs.map((a) => JSON.stringify(a)).join(' ')}`);
const stop = async () => {
  console.log(`\n${server.log.sockets.length} sockets, ${server.log.requests.length} requests seen.`);
  await server.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
