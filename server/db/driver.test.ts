import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, translateDatabaseError } from "./driver.ts";

/** An error as node-postgres raises it: a message and the server's SQLSTATE (or Node's socket code) in `code`. */
const withCode = (code: string, message = `error ${code}`) => Object.assign(new Error(message), { code });

describe("which database errors mean 'unavailable, try again later' (503) and which are Baton's own (500)", () => {
  it.each(
    (
      [
        // The server refuses us before any statement runs.
        ["the database does not exist", withCode("3D000", 'database "baton" does not exist'), true],
        ["pg_hba.conf refuses the connection", withCode("28000"), true],
        ["the password is wrong", withCode("28P01", 'password authentication failed for user "baton"'), true],
        ["too many connections", withCode("53300", "sorry, too many clients already"), true],
        ["the server is out of resources", withCode("53000"), true],
        ["the disk is full", withCode("53100"), true],
        ["the server is out of memory", withCode("53200"), true],
        ["the server is starting up, shutting down or recovering", withCode("57P03"), true],
        // The server ended our connection.
        ["an administrator shut the server down (pg_ctl -m fast)", withCode("57P01"), true],
        ["another backend crashed and the server is resetting", withCode("57P02"), true],
        ["the database was dropped", withCode("57P04"), true],
        ["the idle session timed out", withCode("57P05"), true],
        ["a failover left us on a standby that refuses writes", withCode("25006"), true],
        // Class 08, connection exceptions, whatever the subclass.
        ["the connection does not exist", withCode("08003"), true],
        ["the connection failed", withCode("08006"), true],
        ["the client could not establish a connection", withCode("08001"), true],
        ["a protocol violation", withCode("08P01"), true],
        // Node's socket errors on the way to the server.
        ["the port refuses connections", withCode("ECONNREFUSED"), true],
        ["the connection was reset", withCode("ECONNRESET"), true],
        ["the connection timed out", withCode("ETIMEDOUT"), true],
        ["the host name does not resolve", withCode("ENOTFOUND"), true],
        ["DNS failed for now", withCode("EAI_AGAIN"), true],
        ["no route to the host", withCode("EHOSTUNREACH"), true],
        ["the network is unreachable", withCode("ENETUNREACH"), true],
        ["writing to a closed socket", withCode("EPIPE"), true],
        ["the Unix socket file is missing (server stopped)", withCode("ENOENT"), true],
        [
          "every address of localhost refused (Node's happy eyeballs)",
          new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], "connect failed"),
          true,
        ],
        // node-postgres's own words for a connection that ended under it or never came.
        ["the connection ended under a query", new Error("Connection terminated unexpectedly"), true],
        [
          "no connection within the pool's timeout",
          new Error("timeout exceeded when trying to connect"),
          true,
        ],
        [
          "a client that already failed",
          new Error("Client has encountered a connection error and is not queryable"),
          true,
        ],
        ["the pool is closing", new Error("Cannot use a pool after calling end on the pool"), true],
        // Errors of the statement or the data: Baton's bug or bad input, not the database's absence.
        ["a unique violation", withCode("23505"), false],
        ["a syntax error", withCode("42601"), false],
        ["an undefined table", withCode("42P01"), false],
        ["a serialization failure", withCode("40001"), false],
        ["a deadlock", withCode("40P01"), false],
        ["a statement timeout", withCode("57014"), false],
        ["a value too long", withCode("22001"), false],
        ["an error without a code", new Error("something else"), false],
        ["something thrown that is not an error", "a string", false],
        ["null", null, false],
      ] as const
    ).map(([rule, error, unavailable]) => ({ rule, error, unavailable })),
  )("$rule: unavailable $unavailable", ({ error, unavailable }) => {
    const translated = translateDatabaseError(error);
    expect(translated instanceof DatabaseUnavailableError).toBe(unavailable);
    if (unavailable) expect((translated as DatabaseUnavailableError).cause).toBe(error);
    else expect(translated).toBe(error);
  });

  it("an error already translated is passed on as it is, not wrapped twice", () => {
    const once = new DatabaseUnavailableError(withCode("ECONNREFUSED"));
    expect(translateDatabaseError(once)).toBe(once);
  });

  it("the message says the database is unavailable, why, and the hint when there is one", () => {
    const error = new DatabaseUnavailableError(
      withCode("3D000", 'database "baton" does not exist'),
      "check DATABASE_URL",
    );
    expect(error.message).toBe(
      'The database is unavailable: database "baton" does not exist. check DATABASE_URL',
    );
  });
});
