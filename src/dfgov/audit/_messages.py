"""Texts of the audit area (verification results, evidence bundles), en and zh-CN."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

register_messages(
    {
        "audit.verify.ok": {
            "en": "The audit log is intact: {events} event(s) verified with its HMAC key.",
            "zh-CN": "审计日志完整：已使用其 HMAC 密钥验证 {events} 条事件。",
        },
        "audit.verify.ok_unkeyed": {
            "en": "The audit chain is consistent: {events} event(s). The log is unkeyed, so "
                  "this shows no accidental damage but does not prove that nobody rewrote "
                  "it: anyone able to write the database can rebuild a consistent chain. "
                  "Compare the head with an anchor kept elsewhere, or use a keyed log.",
            "zh-CN": "审计哈希链一致：{events} 条事件。该日志无密钥，因此只能说明没有意外损坏，"
                     "不能证明无人重写：任何能写入数据库的人都能重建一条一致的哈希链。"
                     "请与另行保存的锚定哈希比对，或使用带密钥的日志。",
        },
        "audit.verify.ok_anchored": {
            "en": "The audit chain is consistent: {events} event(s), and events 1 to {anchor} "
                  "match the anchor you kept, so they are unchanged since it was taken. The "
                  "log is unkeyed: events after the anchor prove only consistency.",
            "zh-CN": "审计哈希链一致：{events} 条事件，且第 1 至 {anchor} 条事件与您保存的"
                     "锚定哈希相符，自锚定以来未被更改。该日志无密钥：锚定之后的事件只能证明"
                     "链的一致性。",
        },
        "audit.verify.outside": {
            "en": "The table holds a row numbered {found}, outside the chain (events are "
                  "numbered from 1): rows were added to the table.",
            "zh-CN": "表中存在编号为 {found} 的行，不在哈希链内（事件从 1 开始编号）："
                     "有行被加入该表。",
        },
        "audit.verify.time": {
            "en": "Event {seq} is dated before event {prev} ({found}): time goes backwards — "
                  "a backdated event, or a writer's clock was set back.",
            "zh-CN": "第 {seq} 条事件的时间早于第 {prev} 条事件（{found}）：时间倒退——"
                     "事件被倒签，或写入方的时钟被回拨。",
        },
        "audit.verify.start": {
            "en": "The log does not start at event 1 (it starts at {seq}): "
                  "events were deleted at its start.",
            "zh-CN": "日志未从第 1 条事件开始（从第 {seq} 条开始）：开头的事件已被删除。",
        },
        "audit.verify.missing": {
            "en": "Event {seq} is missing (the next stored event is {found}): "
                  "events were deleted.",
            "zh-CN": "第 {seq} 条事件缺失（下一条存储的事件为第 {found} 条）：事件已被删除。",
        },
        "audit.verify.hash": {
            "en": "Event {seq} does not match its chain hash: "
                  "its content or hash was changed.",
            "zh-CN": "第 {seq} 条事件与其链式哈希不符：其内容或哈希已被篡改。",
        },
        "audit.verify.moved": {
            "en": "Position {seq} holds the record of event {found}: "
                  "events were inserted, deleted or reordered.",
            "zh-CN": "第 {seq} 个位置存放的是第 {found} 条事件的记录：事件被插入、删除或重新排序。",
        },
        "audit.verify.anchor": {
            "en": "The anchor hash is not in the log ({events} event(s)): "
                  "the log was truncated or rewritten.",
            "zh-CN": "日志（{events} 条事件）中找不到锚定哈希：日志已被截断或重写。",
        },
        "audit.verify.unkeyed": {
            "en": "An HMAC key was given but the log is recorded as unkeyed: "
                  "its metadata was changed or the log was rewritten without the key.",
            "zh-CN": "提供了 HMAC 密钥，但日志被记录为无密钥：其元数据已被修改，"
                     "或日志在无密钥的情况下被重写。",
        },
        "evidence.ok": {
            "en": "The evidence bundle is intact: {files} file(s) match the signed manifest.",
            "zh-CN": "证据包完整：{files} 个文件与已签名清单一致。",
        },
        "evidence.signature": {
            "en": "The manifest signature does not verify with the given public key.",
            "zh-CN": "使用所给公钥无法验证清单签名。",
        },
        "evidence.algorithm": {
            "en": "The bundle is signed with {signed} but the given public key is {given}: "
                  "verify it with the signer's {signed} public key.",
            "zh-CN": "证据包使用 {signed} 签名，但所给公钥为 {given}："
                     "请使用签名者的 {signed} 公钥验证。",
        },
        "evidence.signer_id": {
            "en": "The manifest signature does not verify: it was made with SM2 signer ID "
                  "{signed} (hex) and is checked with signer ID {given} (hex).",
            "zh-CN": "清单签名验证失败：签名使用的 SM2 用户标识为 {signed}（十六进制），"
                     "验证使用的为 {given}（十六进制）。",
        },
        "evidence.changed": {
            "en": "File {path!r} differs from its digest in the manifest.",
            "zh-CN": "文件 {path!r} 与清单中的摘要不符。",
        },
        "evidence.missing": {
            "en": "File {path!r} is listed in the manifest but missing.",
            "zh-CN": "清单中列出的文件 {path!r} 缺失。",
        },
        "evidence.added": {
            "en": "File {path!r} is not listed in the manifest.",
            "zh-CN": "文件 {path!r} 未列在清单中。",
        },
        "evidence.unsigned": {
            "en": "The bundle is unsigned (it has no manifest.sig): nothing proves who wrote it "
                  "or that it is unchanged, so it is not verified.",
            "zh-CN": "证据包未签名（没有 manifest.sig）：无法证明其作者或其未被更改，"
                     "因此未通过验证。",
        },
        "evidence.too_many": {
            "en": "The bundle has more than {limit} members; the rest were not read.",
            "zh-CN": "证据包的成员超过 {limit} 个；其余成员未被读取。",
        },
        "evidence.not_regular": {
            "en": "File {path!r} is not a regular file (a link, pipe or device); it was not read.",
            "zh-CN": "文件 {path!r} 不是普通文件（链接、管道或设备）；未读取。",
        },
        "evidence.limit": {
            "en": "File {path!r} holds more than {limit} bytes, more than the manifest allows; "
                  "reading stopped there.",
            "zh-CN": "文件 {path!r} 超过 {limit} 字节，超出清单允许的大小；已停止读取。",
        },
        "evidence.manifest": {
            "en": "The manifest is not a valid dfgov evidence manifest.",
            "zh-CN": "清单不是有效的 dfgov 证据清单。",
        },
    }
)
