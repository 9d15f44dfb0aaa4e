import { createBaton } from "./baton.ts";
import { DatabaseUnavailableError } from "./db/database.ts";
import { deploymentProblems, loadConfig } from "./config.ts";
import { redactText } from "./logger.ts";

/**
 * `npm run serve`: Baton's backend alone, no simulator and no demo data, refusing the development secrets. What an
 * operator reads (why it will not start, where it listens, the setup link) goes to stdout and stderr as text, never
 * with a password; the server's own logs are JSON lines on stderr (server/logger.ts).
 */
const config = loadConfig();
const problems = deploymentProblems(config);
if (problems.length > 0) {
  console.error(
    `Baton will not start: it would be open to anyone.\n${problems.map((p) => `  - ${p}`).join("\n")}\n(The local demo, npm start, uses development values on purpose.)`,
  );
  process.exit(1);
}
// A database that cannot be reached at start-up stops Baton with the reason alone (no stack trace): what to check is
// in the message, and a supervisor restarts the process.
const baton = await createBaton({ config }).catch((error: unknown) => {
  if (!(error instanceof DatabaseUnavailableError)) throw error;
  console.error(`Baton will not start: ${redactText(error.message)}`);
  process.exit(1);
});
const { url } = await baton.listen();
console.log(
  `Baton is listening on ${url} (database: ${redactText(config.DATABASE_URL)}, Graph API: ${config.GRAPH_API_URL})`,
);
const setupLink = await baton.auth.setupLink();
if (setupLink) {
  console.log(
    `\nNo admin account exists yet. Create the first one with this one-time link (valid 24 hours; a restart prints a new one):\n\n  ${setupLink}\n`,
  );
}
/**
 * SIGTERM (docker stop, a rolling deploy) or SIGINT: drain and stop. Webhooks answer 503 at once (Meta re-delivers
 * them to another instance), those in flight commit, /healthz answers 503, live streams end with a retry hint and
 * the database closes. A drain that takes longer than SHUTDOWN_TIMEOUT_MS, or a second signal, exits at once:
 * nothing is lost, since a webhook without its 200 is delivered again.
 */
const SHUTDOWN_TIMEOUT_MS = 20_000;
let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) {
    console.error(`${signal} again: exiting without finishing the drain.`);
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: draining (webhooks answer 503 meanwhile), then stopping…`);
  setTimeout(() => {
    console.error(`The drain took longer than ${SHUTDOWN_TIMEOUT_MS / 1000} s; exiting.`);
    process.exit(1);
  }, SHUTDOWN_TIMEOUT_MS).unref();
  baton.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`Shutdown failed: ${redactText(error instanceof Error ? error.message : String(error))}`);
      process.exit(1);
    },
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
