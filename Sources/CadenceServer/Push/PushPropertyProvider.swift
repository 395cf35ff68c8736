import Groupware
import WebDAV

/// The WebDAV-Push collection properties (draft `bitfireAT/webdav-push`, "Collection
/// Properties"): `P:transports` (Web Push with the server's VAPID key), `P:topic` and
/// `P:supported-triggers`, on every collection that has a `PushTarget` — calendars, plain
/// collections and homes (and whatever kinds `PushTarget` learns later).
struct PushPropertyProvider: PropertyProvider {
    let keys: PushKeys

    func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        guard PushTarget(resource) != nil else { return [] }
        return [PushName.transports, PushName.topic, PushName.supportedTriggers]
    }

    /// Nothing for `allprop`: these are computed and only asked by push clients.
    func allPropertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] { [] }

    func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement? {
        guard name.namespace == PushName.namespace, let target = PushTarget(resource) else {
            return nil
        }
        switch name {
        case PushName.transports:
            return Self.transports(vapidPublicKey: keys.vapidKey.publicKeyText)
        case PushName.topic:
            return XMLElement(name, text: keys.topics.topic(of: target))
        case PushName.supportedTriggers:
            // Content updates at depth 1 (members added, changed or removed); property updates
            // are not detected, so they are not offered (the draft lets a server ignore them).
            return XMLElement(
                name,
                children: [
                    .element(
                        XMLElement(
                            PushName.contentUpdate,
                            children: [.element(XMLElement(.dav.name("depth"), text: "1"))]))
                ])
        default:
            return nil
        }
    }

    /// `<P:transports><P:web-push><P:vapid-public-key type="p256ecdsa">…`.
    static func transports(vapidPublicKey: String) -> XMLElement {
        XMLElement(
            PushName.transports,
            children: [
                .element(
                    XMLElement(
                        PushName.webPush,
                        children: [
                            .element(
                                XMLElement(
                                    PushName.vapidPublicKey,
                                    attributes: [XMLName("", "type"): "p256ecdsa"],
                                    children: [.text(vapidPublicKey)]))
                        ]))
            ])
    }
}

extension PushTopics {
    /// The topic of a push target.
    func topic(of target: PushTarget) -> String {
        if let collectionID = target.collectionID { return topic(collectionID: collectionID) }
        return topic(homeOf: target.ownerID, kind: target.kind.rawValue)
    }
}
