//! How the source signs in: OAuth 2.0 client credentials, or the JWT bearer flow with the connected app's
//! private key (an RS256 assertion naming the client id, the user and the audience, valid three minutes).

use std::path::Path;
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rustls_pki_types::PrivateKeyDer;
use serde_json::json;

use super::SalesforceConfig;
use crate::{Error, Result, Secrets};

/// How long a JWT assertion is valid; Salesforce accepts a few minutes at most.
const ASSERTION_LIFETIME: Duration = Duration::from_secs(180);

/// The grant a token request makes.
pub(crate) enum Credentials {
    /// `grant_type=client_credentials`.
    ClientSecret {
        client_id: String,
        client_secret: String,
    },
    /// `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`.
    JwtBearer {
        client_id: String,
        username: String,
        audience: String,
        key: Box<RsaKeyPair>,
    },
}

impl Credentials {
    /// The credentials `config` names: a client secret, or a username and a private key file (read now, its
    /// path relative to `base_dir`).
    pub(crate) fn from_config(
        config: &SalesforceConfig,
        secrets: &Secrets,
        base_dir: &Path,
    ) -> Result<Credentials> {
        let error = |message: String| Error::Config {
            source_name: config.name.clone(),
            message,
        };
        let secret = |key: &str| {
            secrets
                .get(key)
                .map(str::to_owned)
                .ok_or_else(|| error(format!("{key} is not resolved")))
        };
        let client_id = secret("client_id_env")?;
        match (
            &config.client_secret_env,
            &config.username,
            &config.private_key_file,
        ) {
            (Some(_), None, None) => Ok(Credentials::ClientSecret {
                client_id,
                client_secret: secret("client_secret_env")?,
            }),
            (None, Some(username), Some(file)) => {
                let path = base_dir.join(file);
                let pem = std::fs::read(&path).map_err(|e| {
                    error(format!("private_key_file {}: {e}", path.display()))
                })?;
                let key = rsa_key(&pem)
                    .map_err(|m| error(format!("private_key_file {}: {m}", path.display())))?;
                let audience = match &config.jwt_audience {
                    Some(a) => a.trim_end_matches('/').to_owned(),
                    None => default_audience(&config.login_url),
                };
                Ok(Credentials::JwtBearer {
                    client_id,
                    username: username.clone(),
                    audience,
                    key: Box::new(key),
                })
            }
            _ => Err(error(
                "set either client_secret_env (client credentials) or username and private_key_file \
                 (the JWT bearer flow)"
                    .into(),
            )),
        }
    }

    /// The form of a token request.
    pub(crate) fn token_form(&self) -> std::result::Result<Vec<(&'static str, String)>, String> {
        Ok(match self {
            Credentials::ClientSecret {
                client_id,
                client_secret,
            } => vec![
                ("grant_type", "client_credentials".into()),
                ("client_id", client_id.clone()),
                ("client_secret", client_secret.clone()),
            ],
            Credentials::JwtBearer {
                client_id,
                username,
                audience,
                key,
            } => {
                let exp = SystemTime::now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .map_err(|e| e.to_string())?
                    + ASSERTION_LIFETIME;
                let claims = json!({"iss": client_id, "sub": username, "aud": audience, "exp": exp.as_secs()});
                vec![
                    (
                        "grant_type",
                        "urn:ietf:params:oauth:grant-type:jwt-bearer".into(),
                    ),
                    ("assertion", sign(key, &claims.to_string())?),
                ]
            }
        })
    }
}

/// The audience Salesforce expects when none is configured: `login` (or `test` for sandboxes) when signing
/// in through salesforce.com, else the login URL itself.
fn default_audience(login_url: &str) -> String {
    let host = url::Url::parse(login_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    if host == "test.salesforce.com" || host.ends_with(".sandbox.my.salesforce.com") {
        "https://test.salesforce.com".into()
    } else if host == "salesforce.com" || host.ends_with(".salesforce.com") {
        "https://login.salesforce.com".into()
    } else {
        login_url.trim_end_matches('/').to_owned()
    }
}

/// An RSA private key from PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
fn rsa_key(pem: &[u8]) -> std::result::Result<RsaKeyPair, String> {
    let mut reader = pem;
    let key = match rustls_pemfile::private_key(&mut reader) {
        Ok(Some(PrivateKeyDer::Pkcs8(der))) => RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()),
        Ok(Some(PrivateKeyDer::Pkcs1(der))) => RsaKeyPair::from_der(der.secret_pkcs1_der()),
        Ok(Some(_)) => return Err("the key is not an RSA key (RS256 needs one)".into()),
        Ok(None) => {
            return Err(
                "no unencrypted private key in it (PEM `PRIVATE KEY` or `RSA PRIVATE KEY`)".into(),
            );
        }
        Err(e) => return Err(format!("not a PEM file: {e}")),
    };
    key.map_err(|e| format!("the RSA key is not usable: {e}"))
}

/// `header.claims.signature`, RS256.
fn sign(key: &RsaKeyPair, claims: &str) -> std::result::Result<String, String> {
    let signed = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        signed.as_bytes(),
        &mut signature,
    )
    .map_err(|_| "signing the JWT assertion failed".to_owned())?;
    Ok(format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{KeyPair, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

    fn test_key() -> RsaKeyPair {
        // A throwaway key made for this test (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048).
        rsa_key(include_bytes!("../../tests/data/jwt-test-key.pem")).unwrap()
    }

    #[test]
    fn the_assertion_is_an_rs256_jwt_with_the_claims_salesforce_reads() {
        let key = test_key();
        let credentials = Credentials::JwtBearer {
            client_id: "3MVG9".into(),
            username: "etl@acme.com".into(),
            audience: "https://login.salesforce.com".into(),
            key: Box::new(key),
        };
        let form = credentials.token_form().unwrap();
        assert_eq!(form[0].1, "urn:ietf:params:oauth:grant-type:jwt-bearer");
        let assertion = &form[1].1;
        let parts: Vec<&str> = assertion.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "RS256");
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["iss"], "3MVG9");
        assert_eq!(claims["sub"], "etl@acme.com");
        assert_eq!(claims["aud"], "https://login.salesforce.com");
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let exp = claims["exp"].as_u64().unwrap();
        assert!(exp > now && exp <= now + 180, "exp {exp}, now {now}");
        let Credentials::JwtBearer { key, .. } = &credentials else {
            unreachable!()
        };
        let signed = &assertion[..parts[0].len() + 1 + parts[1].len()];
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, key.public_key().as_ref())
            .verify(
                signed.as_bytes(),
                &URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
            )
            .expect("the signature verifies with the public key");
    }

    #[test]
    fn keys_that_cannot_sign_are_refused_with_a_reason() {
        assert!(
            rsa_key(b"hello")
                .unwrap_err()
                .contains("no unencrypted private key")
        );
        let encrypted =
            b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n";
        assert!(rsa_key(encrypted).unwrap_err().contains("no unencrypted"));
        let ec = b"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBYr\n-----END EC PRIVATE KEY-----\n";
        assert!(rsa_key(ec).is_err());
    }

    #[test]
    fn the_default_audience_follows_the_login_url() {
        for (login, aud) in [
            (
                "https://login.salesforce.com",
                "https://login.salesforce.com",
            ),
            (
                "https://acme.my.salesforce.com/",
                "https://login.salesforce.com",
            ),
            (
                "https://acme--uat.sandbox.my.salesforce.com",
                "https://test.salesforce.com",
            ),
            ("https://test.salesforce.com", "https://test.salesforce.com"),
            ("http://127.0.0.1:8089/", "http://127.0.0.1:8089"),
        ] {
            assert_eq!(default_audience(login), aud, "{login}");
        }
    }
}
