import { describe, expect, it } from "vitest";
import { deploymentProblems, loadConfig } from "./config.ts";

/** Every secret set to a value of the operator's own, and the https address agents open. */
const PROPER = {
  META_APP_SECRET: "an-app-secret-of-our-own",
  META_VERIFY_TOKEN: "a-verify-token-of-our-own",
  META_PAGE_TOKEN: "a-page-token-of-our-own",
  SESSION_SECRET: "a-session-secret-of-at-least-32-chars",
  PUBLIC_URL: "https://baton.example.com",
  HOST: "0.0.0.0",
};

const problemsOf = (env: Record<string, string | undefined>) => deploymentProblems(loadConfig(env));
const without = (name: keyof typeof PROPER) => ({ ...PROPER, [name]: undefined });

describe("deploymentProblems", () => {
  it("a proper configuration has none", () => {
    expect(problemsOf(PROPER)).toEqual([]);
  });

  it("with nothing set, every development default is named", () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(4);
    for (const name of ["META_APP_SECRET", "META_VERIFY_TOKEN", "META_PAGE_TOKEN", "SESSION_SECRET"]) {
      expect(
        problems.filter((p) => p.startsWith(`${name} is the published development default`)),
      ).toHaveLength(1);
    }
  });

  // One row per rule: the environment, and the problem it must report (null: none).
  const rules: { rule: string; env: Record<string, string | undefined>; problem: RegExp | null }[] = [
    {
      rule: "the development META_APP_SECRET is refused",
      env: without("META_APP_SECRET"),
      problem: /^META_APP_SECRET is the published development default/,
    },
    {
      rule: "the development META_VERIFY_TOKEN is refused",
      env: without("META_VERIFY_TOKEN"),
      problem: /^META_VERIFY_TOKEN is the published development default/,
    },
    {
      rule: "the development META_PAGE_TOKEN is refused",
      env: without("META_PAGE_TOKEN"),
      problem: /^META_PAGE_TOKEN is the published development default/,
    },
    {
      rule: "the development SESSION_SECRET is refused",
      env: without("SESSION_SECRET"),
      problem: /^SESSION_SECRET is the published development default.*openssl rand/,
    },
    {
      rule: "an http PUBLIC_URL on a domain is refused",
      env: { ...PROPER, PUBLIC_URL: "http://baton.example.com" },
      problem: /^PUBLIC_URL must be https:\/\/.*http:\/\/baton\.example\.com/,
    },
    {
      rule: "an http PUBLIC_URL on a LAN address is refused",
      env: { ...PROPER, PUBLIC_URL: "http://192.168.1.20:3000" },
      problem: /^PUBLIC_URL must be https:\/\//,
    },
    {
      rule: "an http PUBLIC_URL on a look-alike of localhost is refused",
      env: { ...PROPER, PUBLIC_URL: "http://localhost.example.com" },
      problem: /^PUBLIC_URL must be https:\/\//,
    },
    {
      rule: "an http PUBLIC_URL on localhost is fine",
      env: { ...PROPER, PUBLIC_URL: "http://localhost:3000" },
      problem: null,
    },
    {
      rule: "an http PUBLIC_URL on 127.0.0.1 is fine",
      env: { ...PROPER, PUBLIC_URL: "http://127.0.0.1:3000" },
      problem: null,
    },
    {
      rule: "an http PUBLIC_URL on [::1] is fine",
      env: { ...PROPER, PUBLIC_URL: "http://[::1]:3000" },
      problem: null,
    },
    {
      rule: "HOST 0.0.0.0 without PUBLIC_URL is refused",
      env: without("PUBLIC_URL"),
      problem: /^HOST is 0\.0\.0\.0, not a loopback address: set PUBLIC_URL/,
    },
    {
      rule: "HOST :: without PUBLIC_URL is refused",
      env: { ...without("PUBLIC_URL"), HOST: "::" },
      problem: /^HOST is ::, not a loopback address/,
    },
    {
      rule: "a LAN HOST without PUBLIC_URL is refused",
      env: { ...without("PUBLIC_URL"), HOST: "192.168.1.20" },
      problem: /^HOST is 192\.168\.1\.20, not a loopback address/,
    },
    {
      rule: "HOST 127.0.0.1 without PUBLIC_URL is fine",
      env: { ...without("PUBLIC_URL"), HOST: "127.0.0.1" },
      problem: null,
    },
    {
      rule: "HOST localhost without PUBLIC_URL is fine",
      env: { ...without("PUBLIC_URL"), HOST: "localhost" },
      problem: null,
    },
    {
      rule: "HOST ::1 without PUBLIC_URL is fine",
      env: { ...without("PUBLIC_URL"), HOST: "::1" },
      problem: null,
    },
    {
      rule: "the default HOST without PUBLIC_URL is fine",
      env: { ...without("PUBLIC_URL"), HOST: undefined },
      problem: null,
    },
  ];
  it.each(rules.map((r) => [r.rule, r] as const))("%s", (_rule, { env, problem }) => {
    const problems = problemsOf(env);
    if (problem === null) expect(problems).toEqual([]);
    else {
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(problem);
    }
  });
});
