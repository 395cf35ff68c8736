import WebDAV

/// The body of a push message (draft `bitfireAT/webdav-push`, "Push Message"): the topic and,
/// for a content update, the collection's new sync token, so that a client that already has it
/// can skip the sync.
enum PushMessage {
    /// `<P:push-message><P:topic>…</P:topic><P:content-update><D:sync-token>…`.
    static func contentUpdate(topic: String, syncToken: String?) -> [UInt8] {
        var update = XMLElement(PushName.contentUpdate)
        if let syncToken {
            update.children = [.element(XMLElement(.dav.syncToken, text: syncToken))]
        }
        return XMLWriter.documentBytes(
            XMLElement(
                PushName.pushMessage,
                children: [
                    .element(XMLElement(PushName.topic, text: topic)), .element(update),
                ]))
    }

    /// The key-rotation message: a property update of `P:transports` (the draft's
    /// `push-message-vapid-key` sample), telling clients to fetch the new VAPID key and
    /// subscribe again.
    static func keyRotation(topic: String) -> [UInt8] {
        XMLWriter.documentBytes(
            XMLElement(
                PushName.pushMessage,
                children: [
                    .element(XMLElement(PushName.topic, text: topic)),
                    .element(
                        XMLElement(
                            PushName.propertyUpdate,
                            children: [
                                .element(
                                    XMLElement(
                                        .dav.prop,
                                        children: [.element(XMLElement(PushName.transports))]))
                            ])),
                ]))
    }
}
