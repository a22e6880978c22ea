"""Splink (DuckDB backend) over the resolve benchmark's records: the peer `benches/resolve.rs` compares with.

usage: splink_resolve.py records.csv clusters.csv   (writes id,cluster_id)
"""
import sys

import pandas as pd
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.backends.duckdb import DuckDBAPI

records = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
# The same kind of cleaning aos does before matching: case, punctuation, a leading "the", legal suffixes.
suffixes = r"\b(inc|corp|llc|ltd|limited|gmbh|ag|s a|sas|b v|n v|k k|co ltd)\b"
records["name_norm"] = (
    records["name"].str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True)
    .str.replace(r"^the ", "", regex=True).str.replace(suffixes, "", regex=True)
    .str.replace(r"\s+", " ", regex=True).str.strip()
)
domain = records["email"].str.extract(r"@(.+)$")[0].fillna("")
records["email_domain"] = domain.where(~domain.isin(["gmail.com", "outlook.com", "yahoo.com", "hotmail.com"]), "")
records["email_domain"] = records["email_domain"].replace("", None)
records["prefix"] = records["name_norm"].str[:4]

settings = SettingsCreator(
    link_type="dedupe_only",
    unique_id_column_name="id",
    blocking_rules_to_generate_predictions=[
        block_on("name_norm"),
        block_on("email_domain"),
        block_on("prefix", "country"),
    ],
    comparisons=[
        cl.JaroWinklerAtThresholds("name_norm", [0.97, 0.9]),
        cl.ExactMatch("email_domain"),
        cl.ExactMatch("country"),
    ],
)
db_api = DuckDBAPI()
table = db_api.register(records[["id", "name_norm", "email_domain", "prefix", "country"]])
linker = Linker(table, settings)
linker.training.estimate_probability_two_random_records_match([block_on("name_norm")], recall=0.6)
linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("prefix", "country"))
predictions = linker.inference.predict(threshold_match_probability=0.5)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5)
clusters.as_pandas_dataframe()[["id", "cluster_id"]].to_csv(sys.argv[2], index=False)
