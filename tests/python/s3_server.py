"""A local S3 endpoint (moto) holding files, for the `files` provider's s3:// tests.

Usage: s3_server.py BUCKET PREFIX DIR
Uploads every file under DIR to s3://BUCKET/PREFIX/<path relative to DIR>, prints "ready PORT", and serves
until its stdin closes (when the test that started it ends).
"""

import os
import sys

import boto3
from moto.server import ThreadedMotoServer


def main():
    bucket, prefix, folder = sys.argv[1], sys.argv[2], sys.argv[3]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    _, port = server.get_host_and_port()
    s3 = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        aws_access_key_id="aos-test",
        aws_secret_access_key="aos-test-secret",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=bucket)
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            key = f"{prefix}/{os.path.relpath(path, folder)}"
            s3.upload_file(path, bucket, key)
    print(f"ready {port}", flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
