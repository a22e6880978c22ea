//! The OAuth 2.0 JWT bearer flow: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`.
//!
//! The connected app holds the certificate of [`crate::SALESFORCE_JWT_KEY_PEM`] (a published test key); an
//! assertion is accepted when it is an RS256 JWT signed with that key, issued by the client id, for the
//! integration user, addressed to this server (or `login`/`test.salesforce.com`), and not expired.

use std::sync::OnceLock;
use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{self, KeyPair, RsaKeyPair};
use serde_json::Value as Json;

/// How far in the future an assertion's `exp` may be, as Salesforce allows (a few minutes).
const MAX_LIFETIME_S: i64 = 5 * 60;

/// The connected app's public key (DER `RSAPublicKey`), from the published test key pair.
fn public_key() -> Option<&'static [u8]> {
    static KEY: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut pem = crate::SALESFORCE_JWT_KEY_PEM.as_bytes();
        let der = match rustls_pemfile::private_key(&mut pem) {
            Ok(Some(rustls_pki_types::PrivateKeyDer::Pkcs8(der))) => der,
            _ => return None,
        };
        let pair = RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()).ok()?;
        Some(pair.public_key().as_ref().to_vec())
    })
    .as_deref()
}

/// Why an assertion was refused: Salesforce's `(error, error_description)`.
pub(crate) type Refusal = (&'static str, &'static str);

/// Checks an assertion addressed to a server at `base_url`.
pub(crate) fn verify(assertion: &str, base_url: &str) -> Result<(), Refusal> {
    const INVALID: Refusal = ("invalid_grant", "invalid assertion");
    let mut parts = assertion.split('.');
    let (Some(header), Some(claims), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(INVALID);
    };
    let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| INVALID);
    let json = |part: &str| -> Result<Json, Refusal> {
        serde_json::from_slice(&decode(part)?).map_err(|_| INVALID)
    };
    if json(header)?["alg"] != "RS256" {
        return Err((
            "invalid_grant",
            "invalid assertion: the algorithm must be RS256",
        ));
    }
    let key = public_key().ok_or(("server_error", "the connected app has no certificate"))?;
    let signed = &assertion[..header.len() + 1 + claims.len()];
    signature::UnparsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, key)
        .verify(signed.as_bytes(), &decode(sig)?)
        .map_err(|_| ("invalid_grant", "invalid assertion: bad signature"))?;
    let claims = json(claims)?;
    if claims["iss"] != crate::SALESFORCE_CLIENT_ID {
        return Err(("invalid_client_id", "client identifier invalid"));
    }
    if claims["sub"] != crate::SALESFORCE_USERNAME {
        return Err(("invalid_grant", "user hasn't approved this consumer"));
    }
    let audiences = [
        base_url,
        "https://login.salesforce.com",
        "https://test.salesforce.com",
    ];
    let aud = claims["aud"].as_str().unwrap_or_default();
    if !audiences.contains(&aud.trim_end_matches('/')) {
        return Err(("invalid_grant", "audience is invalid"));
    }
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    match claims["exp"].as_i64() {
        Some(exp) if exp > now && exp <= now + MAX_LIFETIME_S => Ok(()),
        Some(exp) if exp <= now => Err(("invalid_grant", "expired authorization code")),
        _ => Err((
            "invalid_grant",
            "invalid assertion: exp is missing or too far ahead",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Signs `claims` with the published key, as a client would.
    fn assertion(claims: &Json, alg: &str) -> String {
        let mut pem = crate::SALESFORCE_JWT_KEY_PEM.as_bytes();
        let Ok(Some(rustls_pki_types::PrivateKeyDer::Pkcs8(der))) =
            rustls_pemfile::private_key(&mut pem)
        else {
            panic!("the test key is not PKCS#8");
        };
        let pair = RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()).unwrap();
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}"}}"#));
        let body = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signed = format!("{header}.{body}");
        let mut sig = vec![0; pair.public().modulus_len()];
        pair.sign(
            &signature::RSA_PKCS1_SHA256,
            &ring::rand::SystemRandom::new(),
            signed.as_bytes(),
            &mut sig,
        )
        .unwrap();
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(sig))
    }

    fn now() -> i64 {
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    }

    fn claims(exp: i64) -> Json {
        serde_json::json!({"iss": crate::SALESFORCE_CLIENT_ID, "sub": crate::SALESFORCE_USERNAME,
                           "aud": "https://login.salesforce.com", "exp": exp})
    }

    #[test]
    fn a_well_formed_assertion_is_accepted_and_a_tampered_one_is_not() {
        let good = assertion(&claims(now() + 120), "RS256");
        assert_eq!(verify(&good, "http://127.0.0.1:1"), Ok(()));
        // Same signature, other claims.
        let (head, rest) = good.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let mut other = claims(now() + 120);
        other["sub"] = "admin@example.com".into();
        let forged = format!("{head}.{}.{sig}", URL_SAFE_NO_PAD.encode(other.to_string()));
        assert_eq!(
            verify(&forged, "x").unwrap_err().1,
            "invalid assertion: bad signature"
        );
        assert_eq!(verify("a.b", "x").unwrap_err().1, "invalid assertion");
        assert_eq!(verify("", "x").unwrap_err().1, "invalid assertion");
    }

    #[test]
    fn claims_are_checked() {
        let expired = assertion(&claims(now() - 10), "RS256");
        assert_eq!(
            verify(&expired, "x").unwrap_err().1,
            "expired authorization code"
        );
        let far = assertion(&claims(now() + 3600), "RS256");
        assert!(verify(&far, "x").unwrap_err().1.contains("too far ahead"));
        let mut c = claims(now() + 60);
        c["iss"] = "someone-else".into();
        assert_eq!(
            verify(&assertion(&c, "RS256"), "x").unwrap_err().0,
            "invalid_client_id"
        );
        let mut c = claims(now() + 60);
        c["aud"] = "https://evil.example.com".into();
        assert_eq!(
            verify(&assertion(&c, "RS256"), "x").unwrap_err().1,
            "audience is invalid"
        );
        c["aud"] = "http://127.0.0.1:9".into();
        assert_eq!(
            verify(&assertion(&c, "RS256"), "http://127.0.0.1:9"),
            Ok(())
        );
        let hs = assertion(&claims(now() + 60), "HS256");
        assert!(verify(&hs, "x").unwrap_err().1.contains("RS256"));
    }
}
