import { createBaton } from "./baton.ts";
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
const baton = await createBaton({ config });
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
const stop = async () => {
  await baton.close();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
