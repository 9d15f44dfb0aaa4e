import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import pluginQuery from "@tanstack/eslint-plugin-query";
import globals from "globals";
import { readdirSync } from "node:fs";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  {
    ignores: [
      "dist",
      "storybook-static",
      "node_modules",
      ".baton",
      "public/mockServiceWorker.js",
      "test-results",
      "playwright-report",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...pluginQuery.configs["flat/recommended"],
  // Code boundaries (bulletproof-react style, docs/code-boundaries.md): a feature never imports another
  // feature, the app shell or the embedded entry; shared code never imports a feature or the app; infrastructure
  // (src/lib) never imports the shared conversation layer (src/shared). The app and src/embed compose features.
  ...features.map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/features/*", `!@/features/${feature}`],
              message:
                "features never import each other: move what both need to src/shared or src/components",
            },
            {
              group: ["@/app/*", "@/embed/*"],
              message: "features do not import the app shell or the embedded app",
            },
          ],
        },
      ],
    },
  })),
  {
    files: ["src/shared/**/*.{ts,tsx}", "src/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/features/*", "@/app/*", "@/embed/*"],
              message: "shared code never imports a feature or the app",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/features/*", "@/app/*", "@/embed/*", "@/shared/*", "@/components/*"],
              message:
                "src/lib is infrastructure: it knows nothing of conversations, components, features or the app",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/**/*.ts", "contract/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*", "../src/*", "../../src/*"], message: "the server never imports the SPA" },
          ],
        },
      ],
    },
  },
);
