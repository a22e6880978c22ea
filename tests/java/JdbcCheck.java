import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL JDBC driver against a running aos serving the test fixture lake: the driver parses the
 * server version, binds typed parameters, and reports SQLSTATEs on a connection that stays usable.
 *
 * <p>Usage: java -cp postgresql.jar JdbcCheck.java PORT
 */
public class JdbcCheck {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/aos";
        try (Connection conn = DriverManager.getConnection(url, "aos", "")) {
            DatabaseMetaData meta = conn.getMetaData();
            check(meta.getDatabaseMajorVersion() == 16 && meta.getDatabaseMinorVersion() == 6,
                    "version " + meta.getDatabaseProductVersion());
            // More executions than prepareThreshold (5), so the driver switches to a named server statement.
            try (PreparedStatement ps = conn.prepareStatement("SELECT name, price FROM lake.items WHERE item_id = ?")) {
                for (long id = 40; id <= 47; id++) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        check(rs.next(), "no row for " + id);
                        check(rs.getString(1).equals("item " + id), rs.getString(1));
                        check(rs.getDouble(2) == id * 0.5, "price of " + id);
                        check(!rs.next(), "two rows for " + id);
                    }
                }
            }
            try (Statement st = conn.createStatement()) {
                try {
                    st.executeQuery("SELECT * FROM lake.nope");
                    check(false, "no error for an undefined table");
                } catch (SQLException e) {
                    check("42P01".equals(e.getSQLState()), "SQLSTATE " + e.getSQLState());
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM lake.people")) {
                    check(rs.next() && rs.getLong(1) == 1000, "count after an error");
                }
            }
        }
        System.out.println("jdbc ok");
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
