//! OAuth 2.0 machine-to-machine sign-in: a client-credentials token request whose client assertion is a
//! JWT signed with the integration's certificate key (PS256 for RSA keys, ES256 for P-256 keys; `kid` =
//! the certificate id, `scope` = `rest_webservices`, valid at most an hour), answered with a bearer token
//! that is cached until shortly before it expires and fetched again once on a 401.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, RSA_PSS_SHA256, RsaKeyPair};
use rustls_pki_types::PrivateKeyDer;
use serde_json::{Value as Json, json};
use tokio::sync::Mutex;

use crate::http::HttpClient;
use crate::{Error, Result};

/// How long an assertion is valid (NetSuite accepts up to an hour).
const ASSERTION_LIFETIME: Duration = Duration::from_secs(300);

/// A token is fetched again this long before it expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The certificate's private key.
pub(crate) enum SigningKey {
    Rsa(Box<RsaKeyPair>),
    Ec(Box<EcdsaKeyPair>),
}

impl SigningKey {
    /// An RSA or P-256 private key from PEM (PKCS#8, or PKCS#1 for RSA).
    pub(crate) fn from_pem(pem: &[u8]) -> std::result::Result<SigningKey, String> {
        let mut reader = pem;
        match rustls_pemfile::private_key(&mut reader) {
            Ok(Some(PrivateKeyDer::Pkcs8(der))) => {
                let der = der.secret_pkcs8_der();
                if let Ok(rsa) = RsaKeyPair::from_pkcs8(der) {
                    return Ok(SigningKey::Rsa(Box::new(rsa)));
                }
                EcdsaKeyPair::from_pkcs8(
                    &ECDSA_P256_SHA256_FIXED_SIGNING,
                    der,
                    &SystemRandom::new(),
                )
                .map(|k| SigningKey::Ec(Box::new(k)))
                .map_err(|e| format!("neither an RSA nor a P-256 key: {e}"))
            }
            Ok(Some(PrivateKeyDer::Pkcs1(der))) => RsaKeyPair::from_der(der.secret_pkcs1_der())
                .map(|k| SigningKey::Rsa(Box::new(k)))
                .map_err(|e| format!("the RSA key is not usable: {e}")),
            Ok(Some(_)) => Err("write the EC key as PKCS#8 (BEGIN PRIVATE KEY)".into()),
            Ok(None) => Err("no unencrypted private key in it".into()),
            Err(e) => Err(format!("not a PEM file: {e}")),
        }
    }

    fn algorithm(&self) -> &'static str {
        match self {
            SigningKey::Rsa(_) => "PS256",
            SigningKey::Ec(_) => "ES256",
        }
    }

    fn sign(&self, message: &[u8]) -> std::result::Result<Vec<u8>, String> {
        let rng = SystemRandom::new();
        match self {
            SigningKey::Rsa(key) => {
                let mut signature = vec![0; key.public().modulus_len()];
                key.sign(&RSA_PSS_SHA256, &rng, message, &mut signature)
                    .map_err(|_| "signing the client assertion failed".to_owned())?;
                Ok(signature)
            }
            SigningKey::Ec(key) => key
                .sign(&rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| "signing the client assertion failed".to_owned()),
        }
    }
}

/// The machine-to-machine credentials and the current token.
pub(crate) struct MachineToMachine {
    pub(crate) client_id: String,
    pub(crate) certificate_id: String,
    /// `<base_url>/services/rest/auth/oauth2/v1/token`: also the assertion's audience.
    pub(crate) token_url: String,
    pub(crate) key: SigningKey,
    token: Mutex<Option<(String, Instant)>>,
}

impl MachineToMachine {
    pub(crate) fn new(
        client_id: String,
        certificate_id: String,
        base_url: &str,
        key: SigningKey,
    ) -> Self {
        MachineToMachine {
            client_id,
            certificate_id,
            token_url: format!(
                "{}/services/rest/auth/oauth2/v1/token",
                base_url.trim_end_matches('/')
            ),
            key,
            token: Mutex::new(None),
        }
    }

    /// The client assertion, signed now.
    fn assertion(&self) -> std::result::Result<String, String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|e| e.to_string())?
            .as_secs();
        let header = json!({"alg": self.key.algorithm(), "typ": "JWT", "kid": self.certificate_id});
        let claims = json!({
            "iss": self.client_id,
            "scope": ["rest_webservices"],
            "aud": self.token_url,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME.as_secs(),
        });
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = self.key.sign(signed.as_bytes())?;
        Ok(format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature)))
    }

    /// A valid bearer token: the cached one, unless it is `stale` (refused with a 401) or about to expire.
    pub(crate) async fn bearer(
        &self,
        http: &HttpClient,
        source: &str,
        stale: Option<&str>,
    ) -> Result<String> {
        let mut slot = self.token.lock().await;
        if let Some((token, expires)) = slot.as_ref()
            && Instant::now() + REFRESH_MARGIN < *expires
            && stale != Some(token.as_str())
        {
            return Ok(token.clone());
        }
        let error = |message: String| Error::Remote {
            source_name: source.to_owned(),
            message,
        };
        let assertion = self.assertion().map_err(&error)?;
        let form = [
            ("grant_type", "client_credentials"),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion.as_str()),
        ];
        // A token request is not retried with the same assertion: it is built once, and a refusal is final.
        let (response, body) = http
            .send_json("POST oauth2/token", false, |c| {
                c.post(&self.token_url).form(&form)
            })
            .await?;
        let body = body.unwrap_or(Json::Null);
        let Some(token) = body["access_token"]
            .as_str()
            .filter(|_| response.status.is_success())
        else {
            return Err(error(format!(
                "OAuth 2.0 sign-in failed ({}): {} {}; check client_id_env, certificate_id and private_key_file",
                response.status.as_u16(),
                body["error"].as_str().unwrap_or("unknown error"),
                body["error_description"].as_str().unwrap_or_default()
            )));
        };
        let lifetime = body["expires_in"]
            .as_u64()
            .or_else(|| body["expires_in"].as_str().and_then(|s| s.parse().ok()))
            .unwrap_or(3600);
        *slot = Some((
            token.to_owned(),
            Instant::now() + Duration::from_secs(lifetime),
        ));
        Ok(token.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::{KeyPair, RSA_PSS_2048_8192_SHA256, UnparsedPublicKey};

    #[test]
    fn the_assertion_is_a_ps256_jwt_naming_the_certificate_and_scope() {
        let key =
            SigningKey::from_pem(include_bytes!("../../tests/data/jwt-test-key.pem")).unwrap();
        let public = match &key {
            SigningKey::Rsa(k) => k.public_key().as_ref().to_vec(),
            SigningKey::Ec(_) => panic!("the test key is RSA"),
        };
        let m2m = MachineToMachine::new("cid".into(), "cert-1".into(), "https://x.example/", key);
        assert_eq!(
            m2m.token_url,
            "https://x.example/services/rest/auth/oauth2/v1/token"
        );
        let assertion = m2m.assertion().unwrap();
        let parts: Vec<&str> = assertion.split('.').collect();
        let header: Json =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(
            header,
            json!({"alg": "PS256", "typ": "JWT", "kid": "cert-1"})
        );
        let claims: Json =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
        assert_eq!(claims["iss"], "cid");
        assert_eq!(claims["scope"], json!(["rest_webservices"]));
        assert_eq!(claims["aud"], json!(m2m.token_url));
        let (iat, exp) = (
            claims["iat"].as_u64().unwrap(),
            claims["exp"].as_u64().unwrap(),
        );
        assert!(exp > iat && exp - iat <= 3600);
        let signed = &assertion[..parts[0].len() + 1 + parts[1].len()];
        UnparsedPublicKey::new(&RSA_PSS_2048_8192_SHA256, public)
            .verify(
                signed.as_bytes(),
                &URL_SAFE_NO_PAD.decode(parts[2]).unwrap(),
            )
            .expect("the signature verifies");
    }

    #[test]
    fn unusable_keys_are_refused_with_a_reason() {
        assert!(SigningKey::from_pem(b"nothing").is_err());
        assert!(
            SigningKey::from_pem(b"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n")
                .is_err()
        );
    }
}
