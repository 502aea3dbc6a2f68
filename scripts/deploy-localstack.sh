#!/bin/sh
# `npm run deploy:localstack`: the CDK app on LocalStack with cdklocal. cdklocal needs
# AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_S3 pointing at LocalStack, or it looks its endpoints
# up in public DNS (localhost.localstack.cloud), which machines without DNS cannot resolve.
set -eu
port="${LOCALSTACK_PORT:-4566}"
export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://localhost:${port}}"
export AWS_ENDPOINT_URL_S3="${AWS_ENDPOINT_URL_S3:-${AWS_ENDPOINT_URL}}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
npx cdklocal bootstrap
exec npx cdklocal deploy --all --require-approval never
