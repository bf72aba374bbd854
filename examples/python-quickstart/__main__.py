"""Quickstart in Python: the seed tutorial ("Data Import from Zero to Hero") as a Pulumi program.

A Collection with the medium_articles schema and an AUTOINDEX/IP index, and an ImportJob that
validates the CSV, writes Milvus bulk-import files, stages them, imports them and verifies the row
count, all on the embedded local engine with local storage. Point `connection` at
{"uri": ...} (Milvus) or {"endpoint": ..., "cluster_id": ...} (Zilliz Cloud) and give `storage`
to run the same program against a server; credentials come from stack config
(pulumi config set --secret milvusimport:token ...) or the environment.
"""
import os

import pulumi
import pulumi_milvusimport as milvusimport

config = pulumi.Config()
work_dir = os.path.abspath(config.get("workDir") or ".quickstart")
# The seed tutorial's medium_articles_partial.csv, or the stand-in of the same shape that
# `node -e 'require("pulumi-milvus-import").datasets.writeMediumArticlesCsv(".quickstart/medium_articles_partial.csv")'`
# writes (5,000 rows, 768-dim title vectors).
csv_path = config.get("csvPath") or os.path.join(work_dir, "medium_articles_partial.csv")

articles = milvusimport.Collection(
    "medium-articles",
    connection=milvusimport.ConnectionArgs(local_dir=os.path.join(work_dir, "milvus")),
    name=config.get("collectionName") or "medium_articles",
    description="Medium articles with title embeddings (seed tutorial)",
    schema=milvusimport.CollectionSchemaArgs(
        enable_dynamic_field=True,
        fields=[
            milvusimport.FieldArgs(name="id", data_type="INT64", is_primary=True),
            milvusimport.FieldArgs(name="title_vector", data_type="FLOAT_VECTOR", dim=768),
            milvusimport.FieldArgs(name="title", data_type="VARCHAR", max_length=512),
            milvusimport.FieldArgs(name="link", data_type="VARCHAR", max_length=512),
        ],
    ),
    indexes=[milvusimport.IndexSpecArgs(field_name="title_vector", index_type="AUTOINDEX", metric_type="IP")],
    load=True,
)

# reading_time, publication, claps and responses are not in the schema: they go to the dynamic field.
load = milvusimport.ImportJob(
    "medium-articles-import",
    collection=milvusimport.CollectionRefArgs(
        name=articles.name, connection=articles.connection, schema=articles.schema
    ),
    source=milvusimport.SourceArgs(files=[csv_path]),
    format=config.get("format") or "parquet",
    wait=milvusimport.ImportWaitArgs(timeout_seconds=1800),
)

pulumi.export("collectionName", articles.name)
pulumi.export("jobId", load.job_id)
pulumi.export("state", load.state)
pulumi.export("importedRows", load.imported_rows)
pulumi.export("dataHash", load.data_hash)
pulumi.export("identity", load.identity)
pulumi.export("stagedFiles", load.object_urls)
