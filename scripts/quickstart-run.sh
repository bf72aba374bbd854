#!/usr/bin/env bash
# The quickstart: `pulumi up` of the root project (examples/quickstart) against the embedded local
# engine with local storage, then count(*) and one nearest-neighbour query on the imported data.
# Everything stays in .quickstart/ (state, engine data, staged files; PMI_QUICKSTART_DIR moves it);
# delete it to start over.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/install-deps.sh
bash scripts/with-node.sh tsc -p tsconfig.json
pulumi_bin="$(bash scripts/tools/build-pulumi.sh)"
# The program requires "pulumi-milvus-import" by name, exactly as a user's program does; inside this
# repo that name resolves to the repo itself.
ln -sfn .. node_modules/pulumi-milvus-import
qs="${PMI_QUICKSTART_DIR:-$here/.quickstart}"
mkdir -p "$qs/state"
export PATH="$pulumi_bin:$PATH"
export PULUMI_BACKEND_URL="file://$qs/state"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-quickstart}"
export PULUMI_HOME="$qs/pulumi-home"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
run() { bash scripts/with-node.sh "$@"; }
# The stack config file (with the passphrase's salt) lives in the work dir too, so the repo stays
# clean: `stack select --create` writes it next to Pulumi.yaml, from where it is moved.
had_root_cfg=false; [ -e Pulumi.dev.yaml ] && had_root_cfg=true
run pulumi stack select --create dev --non-interactive >/dev/null
if [ "$had_root_cfg" = false ] && [ -e Pulumi.dev.yaml ]; then mv Pulumi.dev.yaml "$qs/Pulumi.dev.yaml"; fi
cfg=(--config-file "$qs/Pulumi.dev.yaml")
run pulumi config set "${cfg[@]}" workDir "$qs" --non-interactive
run pulumi up "${cfg[@]}" --yes --non-interactive "$@"
run pulumi stack output --json
run node examples/quickstart/query.js "$qs"
