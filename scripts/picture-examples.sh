#!/usr/bin/env bash
# Draws the example seal pictures of doc/pictures.md into doc/pictures/ with
# the project's own command, one SVG and one 300 dpi PNG per shape.
#   usage: scripts/picture-examples.sh [BUILD_DIR]    (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
eseal=${1:-build}/src/cli/eseal
out=doc/pictures
mkdir -p "$out"
draw() {
  local name=$1
  shift
  "$eseal" seal picture "$@" -o "$out/$name.svg" --png "$out/$name.png" --dpi 300 >/dev/null
}
draw round-contract --organisation 杭州示例科技有限公司 --name 合同专用章 --code 3301060000001
draw round-finance --diameter 40 --organisation 杭州示例科技有限公司 --name 财务专用章 --code 3301060000002
draw round-long --organisation 北京市海淀区某某科技发展有限责任公司中关村分公司第一营业部 \
  --name 合同专用章 --code 1101080012345
draw oval-invoice --shape oval --organisation 杭州示例商贸有限公司 --taxpayer-id 91330106MA2ABCDE1X
draw oval-personal --shape oval --name 张三
draw square-three --shape square --name 张三丰
draw square-two --shape square --name 李四
draw rectangle-personal --shape rectangle --size 24x12 --name 王五
draw rectangle-lines --shape rectangle --size 50x24 --organisation 杭州示例科技有限公司 \
  --name 合同专用章 --code 3301060000001
echo "examples written to $out/"
