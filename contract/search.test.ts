import { describe, expect, it } from "vitest";
import { foldForSearch, searchFinds, searchPlan, type SearchPlan } from "./search.ts";

describe("what a search looks for", () => {
  const rules: [rule: string, query: string, plan: SearchPlan][] = [
    ["a word of three letters or more is looked for anywhere", "parcel", { kind: "text", q: "parcel" }],
    ["the query loses its outer spaces", "  Crème brûlée ", { kind: "text", q: "Crème brûlée" }],
    ["three digits are a word too", "#123", { kind: "text", q: "#123" }],
    ["letters of any script count", "東京都", { kind: "text", q: "東京都" }],
    ["one letter is the start of a name's word", "j", { kind: "prefix", q: "j" }],
    ["two letters are the start of a name's word", "jo", { kind: "prefix", q: "jo" }],
    ["short words with spaces stay short", "a b", { kind: "prefix", q: "a b" }],
    ["two letters and a digit apart are short", "r2-d", { kind: "prefix", q: "r2-d" }],
    ["punctuation alone finds nothing", "?!", { kind: "nothing" }],
    ["spaces alone find nothing", "   ", { kind: "nothing" }],
  ];
  it.each(rules)("%s (%j)", (_rule, query, plan) => {
    expect(searchPlan(query)).toEqual(plan);
  });
});

describe("what a search finds (the rule the mock backend shares with the server's SQL)", () => {
  const name = "Zoë Kowalczyk spring-sale Spring Sale ad";
  const messages = ["Is the walnut lamp available in black?", null, "Crème brûlée arrived cold"];
  const rules: [rule: string, query: string, found: boolean][] = [
    ["a word in the middle of a message", "walnut", true],
    ["a message's word in another case and without its accents", "CREME BRULEE", true],
    ["a part of the customer's name", "owalc", true],
    ["the name without its accents", "zoe", true],
    ["the ref the customer came from", "spring-sale", true],
    ["two letters at the start of a name's word", "ko", true],
    ["two letters at the start of the name", "zo", true],
    ["two letters in the middle of a name's word find nothing", "wa", false],
    ["two letters at the start of a message's word find nothing", "bl", false],
    ["a word nobody wrote", "refund", false],
    ["punctuation alone", "??", false],
  ];
  it.each(rules)("%s (%j)", (_rule, query, found) => {
    expect(searchFinds(searchPlan(query), name, messages)).toBe(found);
  });

  it("folds case and accents as the database's unaccent and lower do", () => {
    expect(foldForSearch("Crème Brûlée ÅNGSTRÖM Ñandú")).toBe("creme brulee angstrom nandu");
  });
});
