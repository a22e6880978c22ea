import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL JDBC driver (what DBeaver, Metabase and Tableau use) against a running `aos demo`: the
 * driver's connect sequence, DatabaseMetaData over the ontology, prepared statements past the switch to
 * binary transfer, named portals for fetchSize, values of every common type in both formats, and SQLSTATEs
 * on a connection that stays usable.
 *
 * <p>Usage: java -cp postgresql.jar JdbcCheck.java PORT
 */
public class JdbcCheck {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/aos?ApplicationName=JdbcCheck";
        try (Connection conn = DriverManager.getConnection(url, "aos", "")) {
            metadata(conn);
            System.out.println("metadata ok");
            preparedPastBinarySwitch(conn);
            System.out.println("prepared ok");
            types(conn);
            System.out.println("types ok");
            fetchSize(conn);
            numericParameters(conn);
            System.out.println("fetchsize ok");
            errors(conn);
        }
        System.out.println("jdbc ok");
    }

    static void metadata(Connection conn) throws SQLException {
        DatabaseMetaData meta = conn.getMetaData();
        check(meta.getDatabaseMajorVersion() == 16 && meta.getDatabaseMinorVersion() == 6,
                "version " + meta.getDatabaseProductVersion());
        List<String> schemas = new ArrayList<>();
        try (ResultSet rs = meta.getSchemas()) {
            while (rs.next()) {
                schemas.add(rs.getString("TABLE_SCHEM"));
            }
        }
        for (String s : new String[] {"ontology", "metrics", "salesforce", "stripe", "warehouse"}) {
            check(schemas.contains(s), "getSchemas lacks " + s + ": " + schemas);
        }
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = meta.getTables(null, "ontology", "%", new String[] {"TABLE", "VIEW"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
            }
        }
        for (String t : new String[] {"account:TABLE", "revenue:VIEW", "opportunity:VIEW", "subscription:VIEW"}) {
            check(tables.contains(t), "getTables lacks " + t + ": " + tables);
        }
        List<String> columns = new ArrayList<>();
        try (ResultSet rs = meta.getColumns(null, "ontology", "revenue", "%")) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":"
                        + rs.getString("TYPE_NAME"));
                if (rs.getString("COLUMN_NAME").equals("amount")) {
                    check(rs.getInt("COLUMN_SIZE") == 18 && rs.getInt("DECIMAL_DIGITS") == 2,
                            "amount is numeric(" + rs.getInt("COLUMN_SIZE") + "," + rs.getInt("DECIMAL_DIGITS") + ")");
                }
            }
        }
        check(columns.size() == 13, "getColumns: " + columns);
        check(columns.get(0).equals("revenue_id:" + Types.VARCHAR + ":text"), "revenue_id: " + columns);
        check(columns.contains("amount:" + Types.NUMERIC + ":numeric"), "amount: " + columns);
        check(columns.contains("issued_at:" + Types.TIMESTAMP + ":timestamptz"), "issued_at: " + columns);
        try (ResultSet rs = meta.getPrimaryKeys(null, "ontology", "account")) {
            while (rs.next()) {
                // aos declares no keys; the call must answer, not fail.
            }
        }
        try (ResultSet rs = meta.getTypeInfo()) {
            check(rs.next(), "getTypeInfo is empty");
        }
        check(meta.getSQLKeywords().contains("limit") || meta.getSQLKeywords().length() > 0,
                "getSQLKeywords is empty");
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT amount, issued_at FROM ontology.revenue LIMIT 1")) {
            check(rs.getMetaData().getColumnType(1) == Types.NUMERIC, "amount type");
            check(rs.getMetaData().getColumnType(2) == Types.TIMESTAMP, "issued_at type");
        }
    }

    /** More executions than prepareThreshold (5): the driver switches to a named statement and binary. */
    static void preparedPastBinarySwitch(Connection conn) throws SQLException {
        String sql = "SELECT count(*), sum(amount), min(issued_at) FROM ontology.revenue"
                + " WHERE source = ? AND amount >= ? AND issued_at >= ?";
        Long firstCount = null;
        BigDecimal firstSum = null;
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < 8; i++) {
                ps.setString(1, "stripe");
                ps.setBigDecimal(2, new BigDecimal("100.00"));
                ps.setTimestamp(3, Timestamp.valueOf("2025-01-01 00:00:00"));
                try (ResultSet rs = ps.executeQuery()) {
                    check(rs.next(), "no row");
                    long count = rs.getLong(1);
                    BigDecimal sum = rs.getBigDecimal(2);
                    check(count > 0, "no stripe revenue over 100 since 2025");
                    check(rs.getTimestamp(3) != null, "min(issued_at) is null");
                    if (firstCount == null) {
                        firstCount = count;
                        firstSum = sum;
                    }
                    check(count == firstCount && sum.compareTo(firstSum) == 0,
                            "execution " + i + " answered " + count + "/" + sum + ", the first " + firstCount + "/" + firstSum);
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM ontology.account WHERE account_id = ?")) {
            String id;
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT account_id, name FROM ontology.account ORDER BY account_id LIMIT 1")) {
                check(rs.next(), "no account");
                id = rs.getString(1);
            }
            for (int i = 0; i < 7; i++) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    check(rs.next() && rs.getString(1) != null, "account " + id + " at execution " + i);
                }
            }
        }
    }

    /** Every common type as a parameter and back, in text (first executions) and binary (after the switch). */
    static void types(Connection conn) throws SQLException {
        String sql = "SELECT CAST(? AS numeric(18,2)) AS n, CAST(? AS date) AS d, CAST(? AS timestamp) AS ts,"
                + " CAST(? AS timestamptz) AS tz, CAST(? AS boolean) AS b, CAST(? AS text) AS t, CAST(? AS bigint) AS i,"
                + " CAST(? AS double precision) AS f, CAST(? AS text) AS nothing,"
                + " ARRAY[1, 2, 3] AS ints, ARRAY['a', 'b'] AS texts, CAST('{\"k\": [1, 2]}' AS json) AS j";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < 8; i++) {
                ps.setBigDecimal(1, new BigDecimal("12345.67"));
                ps.setDate(2, Date.valueOf("2024-02-29"));
                ps.setTimestamp(3, Timestamp.valueOf("2024-02-29 13:14:15.123456"));
                ps.setObject(4, OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, ZoneOffset.UTC));
                ps.setBoolean(5, true);
                ps.setString(6, "Zoë's \"quoted\" text");
                ps.setLong(7, 9007199254740993L);
                ps.setDouble(8, 0.1);
                ps.setNull(9, Types.VARCHAR);
                try (ResultSet rs = ps.executeQuery()) {
                    check(rs.next(), "no row");
                    String at = " at execution " + i;
                    check(rs.getBigDecimal("n").compareTo(new BigDecimal("12345.67")) == 0, "numeric " + rs.getBigDecimal("n") + at);
                    check(rs.getObject("d", LocalDate.class).equals(LocalDate.of(2024, 2, 29)), "date " + rs.getString("d") + at);
                    check(rs.getObject("ts", LocalDateTime.class).equals(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456000)),
                            "timestamp " + rs.getString("ts") + at);
                    check(rs.getObject("tz", OffsetDateTime.class).toInstant()
                            .equals(OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, ZoneOffset.UTC).toInstant()),
                            "timestamptz " + rs.getString("tz") + at);
                    check(rs.getBoolean("b"), "boolean" + at);
                    check(rs.getString("t").equals("Zoë's \"quoted\" text"), "text " + rs.getString("t") + at);
                    check(rs.getLong("i") == 9007199254740993L, "bigint " + rs.getLong("i") + at);
                    check(rs.getDouble("f") == 0.1, "double " + rs.getDouble("f") + at);
                    check(rs.getString("nothing") == null && rs.wasNull(), "null" + at);
                    Array ints = rs.getArray("ints");
                    Object[] values = (Object[]) ints.getArray();
                    check(values.length == 3 && ((Number) values[2]).longValue() == 3, "int array" + at);
                    Object[] texts = (Object[]) rs.getArray("texts").getArray();
                    check(texts.length == 2 && texts[1].equals("b"), "text array" + at);
                    check(rs.getString("j").replace(" ", "").equals("{\"k\":[1,2]}"), "json " + rs.getString("j") + at);
                    check(rs.getMetaData().getColumnTypeName(rs.findColumn("j")).equals("json"),
                            "json column type " + rs.getMetaData().getColumnTypeName(rs.findColumn("j")) + at);
                }
            }
        }
    }

    /** Java ints, longs and doubles against a numeric(18,2) column, in text and past the binary switch. */
    static void numericParameters(Connection conn) throws SQLException {
        long expected;
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM ontology.opportunity WHERE amount >= 5000")) {
            rs.next();
            expected = rs.getLong(1);
        }
        check(expected > 0, "no opportunity of 5000 or more");
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM ontology.opportunity WHERE amount >= ?")) {
            for (int i = 0; i < 8; i++) {
                switch (i % 3) {
                    case 0 -> ps.setInt(1, 5000);
                    case 1 -> ps.setLong(1, 5000L);
                    default -> ps.setDouble(1, 5000.0);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    check(rs.next() && rs.getLong(1) == expected, "amount >= 5000 bound as type " + (i % 3) + " at execution " + i);
                }
            }
        }
    }

    /** fetchSize outside autocommit: the driver reads through a named portal, 50 rows per Execute. */
    static void fetchSize(Connection conn) throws SQLException {
        long expected;
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM ontology.opportunity")) {
            rs.next();
            expected = rs.getLong(1);
        }
        check(expected > 100, "too few opportunities to page: " + expected);
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT opportunity_id, amount FROM ontology.opportunity WHERE amount >= ?")) {
            ps.setFetchSize(50);
            ps.setBigDecimal(1, BigDecimal.ZERO);
            long rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
            long nonNegative;
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM ontology.opportunity WHERE amount >= 0")) {
                rs.next();
                nonNegative = rs.getLong(1);
            }
            check(rows == nonNegative && rows > 50, "fetched " + rows + " rows of " + nonNegative);
        } finally {
            conn.commit();
            conn.setAutoCommit(true);
        }
    }

    static void errors(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            try {
                st.executeQuery("SELECT * FROM ontology.nope");
                check(false, "no error for an undefined table");
            } catch (SQLException e) {
                check("42P01".equals(e.getSQLState()), "SQLSTATE " + e.getSQLState());
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ontology.account")) {
                check(rs.next() && rs.getLong(1) > 100, "count after an error");
            }
        }
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
