//! Natural-language questions to SQL over the ontology: personas, confidence, dashboards, optional LLM.
//!
//! Empty for now: the NLQ issue fills it. It may depend on `aos-ontology` only.
