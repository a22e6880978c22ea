//! The extended protocol byte by byte, pipelined the way Npgsql (Power BI) sends it: every reply in the
//! order the PostgreSQL protocol fixes, errors skipping to `Sync`, and the connection usable after.

use aos_tests::{Aos, TestConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One frontend message: its tag and body, length-prefixed.
fn message(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend_from_slice(&(body.len() as i32 + 4).to_be_bytes());
    out.extend_from_slice(body);
    out
}

fn cstr(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
    out.push(0);
}

fn parse(name: &str, sql: &str, types: &[u32]) -> Vec<u8> {
    let mut body = Vec::new();
    cstr(&mut body, name);
    cstr(&mut body, sql);
    body.extend_from_slice(&(types.len() as i16).to_be_bytes());
    for ty in types {
        body.extend_from_slice(&ty.to_be_bytes());
    }
    message(b'P', &body)
}

/// Bind of `statement` to the unnamed portal: binary parameters, binary results.
fn bind(statement: &str, params: &[Option<&[u8]>]) -> Vec<u8> {
    let mut body = Vec::new();
    cstr(&mut body, "");
    cstr(&mut body, statement);
    body.extend_from_slice(&1i16.to_be_bytes());
    body.extend_from_slice(&1i16.to_be_bytes());
    body.extend_from_slice(&(params.len() as i16).to_be_bytes());
    for param in params {
        match param {
            Some(value) => {
                body.extend_from_slice(&(value.len() as i32).to_be_bytes());
                body.extend_from_slice(value);
            }
            None => body.extend_from_slice(&(-1i32).to_be_bytes()),
        }
    }
    body.extend_from_slice(&1i16.to_be_bytes());
    body.extend_from_slice(&1i16.to_be_bytes());
    message(b'B', &body)
}

fn describe(kind: u8, name: &str) -> Vec<u8> {
    let mut body = vec![kind];
    cstr(&mut body, name);
    message(b'D', &body)
}

fn execute() -> Vec<u8> {
    let mut body = Vec::new();
    cstr(&mut body, "");
    body.extend_from_slice(&0i32.to_be_bytes());
    message(b'E', &body)
}

fn close_statement(name: &str) -> Vec<u8> {
    let mut body = vec![b'S'];
    cstr(&mut body, name);
    message(b'C', &body)
}

fn sync() -> Vec<u8> {
    message(b'S', &[])
}

/// A raw connection.
struct Wire(TcpStream);

impl Wire {
    async fn connect(aos: &Aos) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", aos.pg_port))
            .await
            .unwrap();
        let mut wire = Self(stream);
        let mut body = 196_608i32.to_be_bytes().to_vec();
        for s in ["user", "aos", "database", "aos", ""] {
            cstr(&mut body, s);
        }
        let mut startup = ((body.len() + 4) as i32).to_be_bytes().to_vec();
        startup.extend_from_slice(&body);
        wire.0.write_all(&startup).await.unwrap();
        let replies = wire.until_ready().await;
        assert_eq!(replies[0].0, b'R', "authentication first");
        wire
    }

    /// Sends `messages` in one write, as a pipelining driver does, and reads until ReadyForQuery.
    async fn pipeline(&mut self, messages: &[Vec<u8>]) -> Vec<(u8, Vec<u8>)> {
        self.0.write_all(&messages.concat()).await.unwrap();
        self.until_ready().await
    }

    async fn until_ready(&mut self) -> Vec<(u8, Vec<u8>)> {
        let mut replies = Vec::new();
        loop {
            let tag = self.0.read_u8().await.unwrap();
            let len = self.0.read_i32().await.unwrap();
            let mut body = vec![0; len as usize - 4];
            self.0.read_exact(&mut body).await.unwrap();
            replies.push((tag, body));
            if tag == b'Z' {
                return replies;
            }
        }
    }
}

/// The replies' tags, as one string ("12TDCZ").
fn tags(replies: &[(u8, Vec<u8>)]) -> String {
    replies.iter().map(|(tag, _)| *tag as char).collect()
}

/// The text of a CommandComplete or the message field of an ErrorResponse.
fn text_of(replies: &[(u8, Vec<u8>)], tag: u8) -> Vec<String> {
    replies
        .iter()
        .filter(|(t, _)| *t == tag)
        .map(|(_, body)| match tag {
            b'E' => body
                .split(|b| *b == 0)
                .find(|field| field.first() == Some(&b'M'))
                .map(|field| String::from_utf8_lossy(&field[1..]).into_owned())
                .unwrap_or_default(),
            _ => String::from_utf8_lossy(body.strip_suffix(&[0]).unwrap_or(body)).into_owned(),
        })
        .collect()
}

#[tokio::test]
async fn pipelined_extended_protocol_replies_in_order() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let mut wire = Wire::connect(&aos).await;
    let by_id = "SELECT item_id, name FROM lake.items WHERE item_id = $1";
    let int8 = |n: i64| n.to_be_bytes();

    // One query: Parse, Bind, Describe portal, Execute, Sync.
    let one = int8(42);
    let replies = wire
        .pipeline(&[
            parse("", by_id, &[20]),
            bind("", &[Some(&one)]),
            describe(b'P', ""),
            execute(),
            sync(),
        ])
        .await;
    assert_eq!(tags(&replies), "12TDCZ");
    assert_eq!(text_of(&replies, b'C'), ["SELECT 1"]);
    let row = &replies[3].1;
    assert_eq!(&row[..2], &2i16.to_be_bytes(), "two columns");
    assert_eq!(&row[6..14], &int8(42), "item_id in binary");

    // Two statements in one pipeline, a named statement described before binding, then closed.
    let (seven, eight) = (int8(7), int8(8));
    let replies = wire
        .pipeline(&[
            parse("s1", by_id, &[]),
            describe(b'S', "s1"),
            bind("s1", &[Some(&seven)]),
            execute(),
            bind("s1", &[Some(&eight)]),
            describe(b'P', ""),
            execute(),
            parse("", "SET application_name = 'Power BI'", &[]),
            bind("", &[]),
            describe(b'P', ""),
            execute(),
            close_statement("s1"),
            sync(),
        ])
        .await;
    // ParameterStatus ('S') may come at any point, as in PostgreSQL; application_name is reported.
    assert_eq!(tags(&replies).replace('S', ""), "1tT2DC2TDC12nC3Z");
    assert!(
        replies
            .iter()
            .any(|(tag, body)| *tag == b'S' && body.starts_with(b"application_name\0Power BI\0")),
        "{:?}",
        tags(&replies)
    );
    let parameters = &replies[1].1;
    assert_eq!(&parameters[..2], &1i16.to_be_bytes(), "one parameter");
    assert_eq!(&parameters[2..6], &20u32.to_be_bytes(), "int8");

    // An error skips everything up to Sync, then one ReadyForQuery.
    let replies = wire
        .pipeline(&[
            parse("", "SELECT nope FROM lake.items", &[]),
            bind("", &[]),
            describe(b'P', ""),
            execute(),
            parse("", "SELECT 1", &[]),
            bind("", &[]),
            execute(),
            sync(),
        ])
        .await;
    assert_eq!(tags(&replies), "EZ");
    assert!(text_of(&replies, b'E')[0].contains("nope"), "{replies:?}");

    // An error at Execute (a parameter that cannot be read) also skips to Sync.
    let replies = wire
        .pipeline(&[
            parse("", by_id, &[20]),
            bind("", &[Some(b"abc")]),
            execute(),
            parse("", "SELECT 1", &[]),
            bind("", &[]),
            execute(),
            sync(),
        ])
        .await;
    assert_eq!(tags(&replies), "12EZ", "{:?}", text_of(&replies, b'E'));

    // The connection goes on, and a pooled connection's reset is acknowledged.
    let replies = wire
        .pipeline(&[
            parse("", "DISCARD ALL", &[]),
            bind("", &[]),
            execute(),
            parse("", by_id, &[20]),
            bind("", &[Some(&one)]),
            execute(),
            sync(),
        ])
        .await;
    assert_eq!(tags(&replies), "12C12DCZ");
    assert_eq!(text_of(&replies, b'C'), ["DISCARD ALL", "SELECT 1"]);
}
