// node-postgres (npm `pg`) against a running `aos demo`: connect, introspect the catalog the way
// ORMs built on it do, and run parameterized queries on the ontology (extended protocol, typed results).
//
// Usage: node check.js PORT
const { Client } = require("pg");

function check(ok, what) {
  if (!ok) throw new Error(what);
}

async function main() {
  const client = new Client({ host: "127.0.0.1", port: Number(process.argv[2]), user: "aos", database: "aos" });
  await client.connect();
  try {
    const version = await client.query("SHOW server_version_num");
    check(version.rows[0].server_version_num === "160006", JSON.stringify(version.rows));
    const tables = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
      ["ontology"],
    );
    const names = tables.rows.map((r) => r.table_name);
    for (const t of ["account", "opportunity", "revenue"]) check(names.includes(t), `${t} not in ${names}`);
    const columns = await client.query(
      "SELECT a.attname FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON a.attrelid = c.oid " +
        "JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0",
      ["ontology", "account"],
    );
    check(columns.rows.some((r) => r.attname === "account_id"), JSON.stringify(columns.rows));

    const revenue = await client.query(
      "SELECT count(*) AS n, sum(amount) AS total, min(issued_at) AS first FROM ontology.revenue WHERE source = $1 AND amount >= $2",
      ["stripe", 100],
    );
    const row = revenue.rows[0];
    check(Number(row.n) > 0, `count ${row.n}`);
    check(/^\d+\.\d\d$/.test(row.total), `numeric as text: ${row.total}`);
    check(row.first instanceof Date, `timestamptz as Date: ${row.first}`);
    const won = await client.query({
      name: "won-deals",
      text: "SELECT opportunity_id, amount, is_won, close_date FROM ontology.opportunity WHERE is_won = $1 LIMIT 5",
      values: [true],
    });
    check(won.rows.length === 5, `won rows ${won.rows.length}`);
    check(won.rows.every((r) => r.is_won === true && r.close_date instanceof Date), JSON.stringify(won.rows[0]));
    const nulls = await client.query("SELECT $1::text AS nothing, ARRAY[1, 2] AS ints", [null]);
    check(nulls.rows[0].nothing === null, "null");
    // bigint[]: node-postgres returns int8 values as strings (they may not fit a JS number).
    check(JSON.stringify(nulls.rows[0].ints) === '["1","2"]', JSON.stringify(nulls.rows[0].ints));
    try {
      await client.query("SELECT * FROM ontology.nope");
      check(false, "no error for an undefined table");
    } catch (e) {
      check(e.code === "42P01", `SQLSTATE ${e.code}`);
    }
    const after = await client.query("SELECT 1 AS one");
    check(Number(after.rows[0].one) === 1, "connection unusable after an error");
  } finally {
    await client.end();
  }
  console.log("node-postgres ok");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
