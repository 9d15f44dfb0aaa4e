import { createBaton } from "./baton.ts";
import { loadConfig } from "./config.ts";

/** `npm run serve`: Baton's backend alone, no simulator and no demo data. */
const config = loadConfig();
const baton = await createBaton({ config });
const { url } = await baton.listen();
console.log(`Baton is listening on ${url} (database: ${config.DATABASE_URL}, Graph API: ${config.GRAPH_API_URL})`);
const stop = async () => {
  await baton.close();
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
