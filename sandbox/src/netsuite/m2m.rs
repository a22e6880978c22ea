//! OAuth 2.0 machine-to-machine sign-in as NetSuite checks it: `POST /services/rest/auth/oauth2/v1/token`
//! with `grant_type=client_credentials`, `client_assertion_type=...jwt-bearer` and a `client_assertion` JWT
//! (PS256, `kid` = the certificate id, `iss` = the client id, `scope` including `rest_webservices`, `aud` =
//! the token URL, `exp` at most an hour ahead), signed with [`crate::NETSUITE_M2M_KEY_PEM`] (a published
//! test key). The bearer token it returns is good for an hour.

use std::sync::OnceLock;
use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{self, KeyPair, RsaKeyPair};
use serde_json::Value as Json;

/// The certificate's public key (DER `RSAPublicKey`).
fn public_key() -> Option<&'static [u8]> {
    static KEY: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut pem = crate::NETSUITE_M2M_KEY_PEM.as_bytes();
        let der = match rustls_pemfile::private_key(&mut pem) {
            Ok(Some(rustls_pki_types::PrivateKeyDer::Pkcs8(der))) => der,
            _ => return None,
        };
        let pair = RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()).ok()?;
        Some(pair.public_key().as_ref().to_vec())
    })
    .as_deref()
}

/// Why an assertion was refused: `(error, error_description)`.
pub(crate) type Refusal = (&'static str, &'static str);

/// Checks a client assertion sent to `token_url`.
pub(crate) fn verify(assertion: &str, token_url: &str) -> Result<(), Refusal> {
    const INVALID: Refusal = ("invalid_request", "invalid client assertion");
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
    let header = json(header)?;
    if header["alg"] != "PS256" {
        return Err((
            "invalid_request",
            "the algorithm must be PS256 for this certificate",
        ));
    }
    if header["kid"] != crate::NETSUITE_CERTIFICATE_ID {
        return Err(("invalid_client", "unknown certificate id (kid)"));
    }
    let key = public_key().ok_or(("server_error", "the integration has no certificate"))?;
    let signed = &assertion[..assertion.len() - sig.len() - 1];
    signature::UnparsedPublicKey::new(&signature::RSA_PSS_2048_8192_SHA256, key)
        .verify(signed.as_bytes(), &decode(sig)?)
        .map_err(|_| ("invalid_client", "the assertion's signature is invalid"))?;
    let claims = json(claims)?;
    if claims["iss"] != crate::NETSUITE_M2M_CLIENT_ID {
        return Err(("invalid_client", "unknown client id (iss)"));
    }
    let scoped = match &claims["scope"] {
        Json::String(s) => s.split([' ', ',']).any(|s| s == "rest_webservices"),
        Json::Array(a) => a.iter().any(|s| s == "rest_webservices"),
        _ => false,
    };
    if !scoped {
        return Err(("invalid_scope", "the scope must include rest_webservices"));
    }
    if claims["aud"].as_str() != Some(token_url) {
        return Err(("invalid_request", "the audience must be the token endpoint"));
    }
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    match claims["exp"].as_i64() {
        Some(exp) if exp > now && exp <= now + 3600 => Ok(()),
        Some(exp) if exp <= now => Err(("invalid_grant", "the assertion has expired")),
        _ => Err((
            "invalid_request",
            "exp is missing or more than an hour ahead",
        )),
    }
}
