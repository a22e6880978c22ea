use std::collections::HashMap;

/// One secret a source needs: the config key that names it and the environment variable it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretSetting {
    /// The config key, e.g. `secret_access_key_env`.
    pub key: &'static str,
    /// The environment variable named by that key.
    pub var: String,
}

/// Secret values resolved by the engine, keyed by the config key that named them.
///
/// Providers read secrets only from here: they never look at the process environment themselves.
#[derive(Default, Clone)]
pub struct Secrets(HashMap<&'static str, String>);

impl Secrets {
    /// Records the value of the secret named by config key `key`.
    pub fn insert(&mut self, key: &'static str, value: String) {
        self.0.insert(key, value);
    }

    /// The value of the secret named by config key `key`, if the source's config set that key.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print secret values.
        f.debug_set().entries(self.0.keys()).finish()
    }
}
