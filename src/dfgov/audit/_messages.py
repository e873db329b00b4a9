"""Texts of the audit area (verification results, evidence bundles), en and zh-CN."""

from __future__ import annotations

from dfgov.i18n import register_messages

__all__: list[str] = []

register_messages(
    {
        "audit.verify.ok": {
            "en": "The audit log is intact: {events} event(s) verified.",
            "zh-CN": "审计日志完整：已验证 {events} 条事件。",
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
        "evidence.manifest": {
            "en": "The manifest is not a valid dfgov evidence manifest.",
            "zh-CN": "清单不是有效的 dfgov 证据清单。",
        },
    }
)
