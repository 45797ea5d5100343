// demo-cluster's parts, linked directly: patch dialects, selectors, the HTTP request parser,
// typed API errors, the protobuf decoder's error kinds, the object store's metadata, and the
// deployment controller's rollout steps.
#include "apierror.h"
#include "controller.h"
#include "cron.h"
#include "httpserver.h"
#include "managedfields.h"
#include "metricssim.h"
#include "objectstore.h"
#include "patch.h"
#include "protobuf.h"
#include "resourcetypes.h"
#include "rollout.h"
#include "selectors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace dc::demo;

namespace {

// A field path from its elements.
QString fp(const QStringList &elements)
{
    return elements.join(QChar(0x1f));
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class TestDemoClusterUnits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mergePatch_data()
    {
        QTest::addColumn<QJsonObject>("base");
        QTest::addColumn<QJsonObject>("patch");
        QTest::addColumn<QJsonObject>("expected");
        // RFC 7386 appendix A, a few of its cases.
        QTest::addRow("replace") << obj(R"({"a":"b"})") << obj(R"({"a":"c"})") << obj(R"({"a":"c"})");
        QTest::addRow("add") << obj(R"({"a":"b"})") << obj(R"({"b":"c"})") << obj(R"({"a":"b","b":"c"})");
        QTest::addRow("null-removes") << obj(R"({"a":"b","b":"c"})") << obj(R"({"a":null})") << obj(R"({"b":"c"})");
        QTest::addRow("list-replaced") << obj(R"({"a":[{"b":"c"}]})") << obj(R"({"a":[1]})") << obj(R"({"a":[1]})");
        QTest::addRow("nested") << obj(R"({"e":null,"a":{"b":"c"}})") << obj(R"({"a":{"b":"d","c":null}})") << obj(R"({"e":null,"a":{"b":"d"}})");
    }

    void mergePatch()
    {
        QFETCH(QJsonObject, base);
        QFETCH(QJsonObject, patch);
        QFETCH(QJsonObject, expected);
        QCOMPARE(dc::demo::mergePatch(base, patch), expected);
    }

    void strategicMerge_data()
    {
        QTest::addColumn<QJsonObject>("base");
        QTest::addColumn<QJsonObject>("patch");
        QTest::addColumn<QJsonObject>("expected");
        const QJsonObject two = obj(R"({"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]})");
        QTest::addRow("containers-by-name") << two << obj(R"({"containers":[{"name":"b","image":"b:2"}]})")
                                            << obj(R"({"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]})");
        QTest::addRow("new-container-appended") << two << obj(R"({"containers":[{"name":"c","image":"c:1"}]})")
                                                << obj(R"({"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"},{"name":"c","image":"c:1"}]})");
        QTest::addRow("patch-delete") << two << obj(R"({"containers":[{"name":"a","$patch":"delete"}]})")
                                      << obj(R"({"containers":[{"name":"b","image":"b:1"}]})");
        QTest::addRow("patch-replace-list") << two << obj(R"({"containers":[{"name":"z"},{"$patch":"replace"}]})")
                                            << obj(R"({"containers":[{"name":"z"}]})");
        QTest::addRow("ports-by-containerPort") << obj(R"({"ports":[{"containerPort":80,"name":"http"}]})")
                                                << obj(R"({"ports":[{"containerPort":80,"name":"web"},{"containerPort":9090}]})")
                                                << obj(R"({"ports":[{"containerPort":80,"name":"web"},{"containerPort":9090}]})");
        QTest::addRow("unkeyed-list-replaced") << obj(R"({"args":["--a","--b"]})") << obj(R"({"args":["--c"]})") << obj(R"({"args":["--c"]})");
        QTest::addRow("delete-from-primitive-list") << obj(R"({"finalizers":["x","y"]})") << obj(R"({"$deleteFromPrimitiveList/finalizers":["x"]})")
                                                    << obj(R"({"finalizers":["y"]})");
        QTest::addRow("null-removes") << obj(R"({"a":1,"b":2})") << obj(R"({"a":null})") << obj(R"({"b":2})");
    }

    void strategicMerge()
    {
        QFETCH(QJsonObject, base);
        QFETCH(QJsonObject, patch);
        QFETCH(QJsonObject, expected);
        QCOMPARE(dc::demo::strategicMerge(base, patch), expected);
    }

    void jsonPatch_data()
    {
        QTest::addColumn<QByteArray>("ops");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QJsonObject>("expected");
        QTest::addColumn<int>("code");
        const QJsonObject base = obj(R"({"spec":{"replicas":1,"list":["a","b"]}})");
        Q_UNUSED(base);
        QTest::addRow("replace") << QByteArray(R"([{"op":"replace","path":"/spec/replicas","value":3}])") << true
                                 << obj(R"({"spec":{"replicas":3,"list":["a","b"]}})") << 0;
        QTest::addRow("add-append") << QByteArray(R"([{"op":"add","path":"/spec/list/-","value":"c"}])") << true
                                    << obj(R"({"spec":{"replicas":1,"list":["a","b","c"]}})") << 0;
        QTest::addRow("escaped-key") << QByteArray(R"([{"op":"add","path":"/spec/a~1b~0c","value":1}])") << true
                                     << obj(R"({"spec":{"replicas":1,"list":["a","b"],"a/b~c":1}})") << 0;
        QTest::addRow("remove") << QByteArray(R"([{"op":"remove","path":"/spec/list/0"}])") << true << obj(R"({"spec":{"replicas":1,"list":["b"]}})") << 0;
        QTest::addRow("test-fails-all-or-nothing") << QByteArray(R"([{"op":"replace","path":"/spec/replicas","value":5},{"op":"test","path":"/spec/replicas","value":1}])")
                                                   << false << QJsonObject() << 422;
        QTest::addRow("missing-path") << QByteArray(R"([{"op":"replace","path":"/spec/nothing","value":1}])") << false << QJsonObject() << 422;
        QTest::addRow("unknown-op") << QByteArray(R"([{"op":"move","from":"/a","path":"/b"}])") << false << QJsonObject() << 422;
        QTest::addRow("not-an-array") << QByteArray(R"({"op":"add"})") << false << QJsonObject() << 400;
    }

    void jsonPatch()
    {
        QFETCH(QByteArray, ops);
        QFETCH(bool, ok);
        QFETCH(QJsonObject, expected);
        QFETCH(int, code);
        PatchError error;
        const auto result = applyJsonPatch(obj(R"({"spec":{"replicas":1,"list":["a","b"]}})"), ops, &error);
        QCOMPARE(bool(result), ok);
        if (ok)
            QCOMPARE(*result, expected);
        else
            QCOMPARE(httpCode(error.reason), code);
    }

    void serverSideApplyOwnsFields()
    {
        const FieldWriter deployctl{u"deployctl"_s, u"Apply"_s, u"apps/v1"_s, u"2026-01-01T00:00:00Z"_s};
        const FieldWriter hpa{u"hpa"_s, u"Apply"_s, u"apps/v1"_s, u"2026-01-01T00:00:01Z"_s};
        const QJsonObject first = obj(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":2,"paused":false}})");
        ApplyResult a = serverSideApply({}, first, deployctl, false);
        QVERIFY(a.conflicts.isEmpty());
        const QJsonArray managed = a.object.value(u"metadata"_s).toObject().value(u"managedFields"_s).toArray();
        QCOMPARE(managed.size(), 1);
        QCOMPARE(managed.at(0).toObject().value(u"operation"_s).toString(), u"Apply"_s);
        QCOMPARE(managed.at(0).toObject().value(u"fieldsV1"_s).toObject(), obj(R"({"f:spec":{"f:paused":{},"f:replicas":{}}})"));
        // Another manager sets only replicas, to another value: a conflict naming the owner and the field.
        const QJsonObject scale = obj(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":5}})");
        ApplyResult b = serverSideApply(a.object, scale, hpa, false);
        QCOMPARE(b.conflicts.size(), 1);
        QCOMPARE(b.conflicts.at(0).toObject().value(u"field"_s).toString(), u".spec.replicas"_s);
        QVERIFY(b.conflictText.front().contains(u"\"deployctl\""_s));
        QCOMPARE(b.object, a.object); // nothing changed
        // The same value is shared ownership, no conflict.
        QVERIFY(serverSideApply(a.object, first, hpa, false).conflicts.isEmpty());
        // Forced: the field moves to the new manager, the first one keeps the rest.
        ApplyResult c = serverSideApply(a.object, scale, hpa, true);
        QVERIFY(c.conflicts.isEmpty());
        QCOMPARE(c.object.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 5);
        const QList<ManagedEntry> owners = managedEntries(c.object);
        QCOMPARE(owners.size(), 2);
        QVERIFY(!owners.at(0).fields.contains(fp({u"f:spec"_s, u"f:replicas"_s})));
        QVERIFY(owners.at(1).fields.contains(fp({u"f:spec"_s, u"f:replicas"_s})));
        // The first manager applies again without "paused": its field goes; "replicas" stays (hpa owns it).
        const QJsonObject again = obj(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{}})");
        ApplyResult d = serverSideApply(c.object, again, deployctl, false);
        QVERIFY(d.conflicts.isEmpty());
        QVERIFY(!d.object.value(u"spec"_s).toObject().contains(u"paused"_s));
        QCOMPARE(d.object.value(u"spec"_s).toObject().value(u"replicas"_s).toInt(), 5);
        // deployctl owns only the (empty) spec it applied now.
        QCOMPARE(managedEntries(d.object).size(), 2);
        QCOMPARE(managedEntries(d.object).at(0).fields, FieldSet({u"f:spec"_s}));
    }

    void serverSideApplyMergesKeyedLists()
    {
        const FieldWriter owner{u"owner"_s, u"Apply"_s, u"apps/v1"_s, u"t1"_s};
        const FieldWriter sidecar{u"sidecar"_s, u"Apply"_s, u"apps/v1"_s, u"t2"_s};
        const QJsonObject base = obj(R"({"spec":{"template":{"spec":{"containers":[{"name":"ui","image":"a:1","ports":[{"containerPort":8080}]}]}}}})");
        ApplyResult a = serverSideApply({}, base, owner, false);
        // A second manager adds a container: the list is merged by name, not replaced.
        ApplyResult b = serverSideApply(a.object, obj(R"({"spec":{"template":{"spec":{"containers":[{"name":"proxy","image":"p:1"}]}}}})"), sidecar, false);
        QVERIFY(b.conflicts.isEmpty());
        const QJsonArray containers = b.object[u"spec"_s][u"template"_s][u"spec"_s][u"containers"_s].toArray();
        QCOMPARE(containers.size(), 2);
        // Owned items are named by key in FieldsV1, the port with its defaulted protocol.
        const QJsonObject fields = managedEntries(a.object).at(0).fields.isEmpty() ? QJsonObject() : toFieldsV1(managedEntries(a.object).at(0).fields);
        const QJsonObject item = fields[u"f:spec"_s][u"f:template"_s][u"f:spec"_s][u"f:containers"_s][u"k:{\"name\":\"ui\"}"_s].toObject();
        QVERIFY(item.contains(u"."_s));
        QVERIFY(item[u"f:ports"_s].toObject().contains(u"k:{\"containerPort\":8080,\"protocol\":\"TCP\"}"_s));
        // The owner changes its image: the conflict names the item by key.
        ApplyResult c = serverSideApply(b.object, obj(R"({"spec":{"template":{"spec":{"containers":[{"name":"proxy","image":"p:2"}]}}}})"), owner, false);
        QCOMPARE(c.conflictText.size(), 1);
        QCOMPARE(c.conflicts.at(0).toObject().value(u"field"_s).toString(), u".spec.template.spec.containers[name=\"proxy\"].image"_s);
        // The sidecar stops applying its container: the item goes, the owner's stays.
        ApplyResult d = serverSideApply(b.object, obj(R"({"spec":{}})"), sidecar, false);
        QCOMPARE(d.object[u"spec"_s][u"template"_s][u"spec"_s][u"containers"_s].toArray().size(), 1);
    }

    void updatesMoveOwnership()
    {
        const QJsonObject created = obj(R"({"metadata":{"labels":{"app":"x"}},"spec":{"replicas":1,"paused":false}})");
        QList<ManagedEntry> entries = recordUpdate({}, {}, created, {u"kubectl-create"_s, u"Update"_s, u"apps/v1"_s, u"t1"_s});
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).fields, FieldSet({fp({u"f:metadata"_s, u"f:labels"_s, u"f:app"_s}), fp({u"f:spec"_s, u"f:replicas"_s}), fp({u"f:spec"_s, u"f:paused"_s})}));
        // kubectl scale changes replicas: that field moves; nothing else does.
        QJsonObject scaled = created;
        scaled[u"spec"_s] = obj(R"({"replicas":3,"paused":false})");
        entries = recordUpdate(entries, created, scaled, {u"kubectl"_s, u"Update"_s, u"apps/v1"_s, u"t2"_s, u"scale"_s});
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(1).subresource, u"scale"_s);
        QCOMPARE(entries.at(1).fields, FieldSet({fp({u"f:spec"_s, u"f:replicas"_s})}));
        QVERIFY(!entries.at(0).fields.contains(fp({u"f:spec"_s, u"f:replicas"_s})));
        // A write that changes nothing changes no entry, not even its time.
        QCOMPARE(recordUpdate(entries, scaled, scaled, {u"kubectl-edit"_s, u"Update"_s, u"apps/v1"_s, u"t3"_s}).size(), 2);
        QCOMPARE(recordUpdate(entries, scaled, scaled, {u"kubectl"_s, u"Update"_s, u"apps/v1"_s, u"t3"_s, u"scale"_s}).at(1).time, u"t2"_s);
        // FieldsV1 round trip.
        QCOMPARE(fromFieldsV1(toFieldsV1(entries.at(0).fields)), entries.at(0).fields);
    }

    void cronSchedules_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QString>("at");
        QTest::addColumn<bool>("due");
        QTest::addRow("every-minute") << u"* * * * *"_s << u"2026-12-02T10:41:00Z"_s << true;
        QTest::addRow("step") << u"*/15 * * * *"_s << u"2026-12-02T10:45:00Z"_s << true;
        QTest::addRow("step-off") << u"*/15 * * * *"_s << u"2026-12-02T10:46:00Z"_s << false;
        QTest::addRow("range-and-names") << u"0 9-17 * * mon-fri"_s << u"2026-12-02T09:00:00Z"_s << true; // a Wednesday
        QTest::addRow("weekend-off") << u"0 9-17 * * mon-fri"_s << u"2026-12-05T09:00:00Z"_s << false;   // a Saturday
        QTest::addRow("sunday-as-7") << u"0 0 * * 7"_s << u"2026-12-06T00:00:00Z"_s << true;
        QTest::addRow("either-day-field") << u"0 0 1 * mon"_s << u"2026-12-07T00:00:00Z"_s << true;     // a Monday, not the 1st
        QTest::addRow("list") << u"5,35 * * * *"_s << u"2026-12-02T10:35:00Z"_s << true;
        QTest::addRow("hourly") << u"@hourly"_s << u"2026-12-02T11:00:00Z"_s << true;
        QTest::addRow("month-name") << u"0 0 1 jan *"_s << u"2026-12-01T00:00:00Z"_s << false;
    }

    void cronSchedules()
    {
        QFETCH(QString, schedule);
        QFETCH(QString, at);
        QFETCH(bool, due);
        QString error;
        const auto cron = CronSchedule::parse(schedule, &error);
        QVERIFY2(cron, qPrintable(error));
        const QDateTime t = QDateTime::fromString(at, Qt::ISODate);
        QCOMPARE(cron->matches(t), due);
        // The latest due minute up to `at`, from an hour before.
        if (due)
            QCOMPARE(cron->latestBetween(t.addSecs(-3600), t.addSecs(59)), t);
    }

    void cronRefusesWhatKubernetesRefuses()
    {
        QString error;
        for (const QString &bad : {u"61 * * * *"_s, u"* * * *"_s, u"*/0 * * * *"_s, u"5-1 * * * *"_s, u"@often"_s})
            QVERIFY2(!CronSchedule::parse(bad, &error) && !error.isEmpty(), qPrintable(bad));
    }

    void selectors_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<bool>("labels");
        QTest::addRow("equals") << u"app=web"_s << true;
        QTest::addRow("double-equals") << u"app==web"_s << true;
        QTest::addRow("not-equals") << u"app!=web"_s << false;
        QTest::addRow("exists") << u"tier"_s << true;
        QTest::addRow("not-exists") << u"!tier"_s << false;
        QTest::addRow("and") << u"app=web,tier=front"_s << true;
        QTest::addRow("and-fails") << u"app=web,tier=back"_s << false;
        QTest::addRow("missing-key") << u"zone=a"_s << false;
    }

    void selectors()
    {
        QFETCH(QString, selector);
        QFETCH(bool, labels);
        QCOMPARE(labelsMatch(obj(R"({"app":"web","tier":"front"})"), selector), labels);
    }

    void fieldSelectors()
    {
        const QJsonObject event = obj(R"({"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p"},"count":3})");
        QVERIFY(fieldsMatch(event, u"involvedObject.kind=Pod,involvedObject.name=p"_s));
        QVERIFY(!fieldsMatch(event, u"involvedObject.kind!=Pod"_s));
        QVERIFY(fieldsMatch(event, u"reason="_s)); // a missing field reads as ""
        QVERIFY(fieldsMatch(event, u"count=3"_s));
    }

    void httpRequests_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("state");
        QTest::addColumn<int>("status");
        QTest::addRow("complete") << QByteArray("GET /api/v1/pods?limit=5 HTTP/1.1\r\nHost: x\r\n\r\n") << int(HttpParse::Complete) << 0;
        QTest::addRow("headers-incomplete") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n") << int(HttpParse::NeedMore) << 0;
        QTest::addRow("body-incomplete") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345") << int(HttpParse::NeedMore) << 0;
        QTest::addRow("bad-request-line") << QByteArray("HELLO\r\n\r\n") << int(HttpParse::Error) << 400;
        QTest::addRow("bad-header") << QByteArray("GET / HTTP/1.1\r\nno colon\r\n\r\n") << int(HttpParse::Error) << 400;
        QTest::addRow("bad-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << int(HttpParse::Error) << 400;
        QTest::addRow("huge-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1000000000\r\n\r\n") << int(HttpParse::Error) << 413;
        QTest::addRow("chunked-body") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n") << int(HttpParse::Error) << 400;
        QTest::addRow("huge-headers") << QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(70000, 'a') << int(HttpParse::Error) << 413;
    }

    void httpRequests()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, state);
        QFETCH(int, status);
        const HttpParse p = parseHttpRequest(bytes);
        QCOMPARE(int(p.state), state);
        QCOMPARE(p.errorStatus, status);
    }

    void pipelinedRequests()
    {
        const QByteArray two = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b?x=%2F HTTP/1.1\r\nConnection: close\r\n\r\n";
        const HttpParse first = parseHttpRequest(two);
        QCOMPARE(int(first.state), int(HttpParse::Complete));
        QCOMPARE(first.request.body, QByteArray("abc"));
        QCOMPARE(first.request.path, u"/a"_s);
        const HttpParse second = parseHttpRequest(two.mid(first.consumed));
        QCOMPARE(int(second.state), int(HttpParse::Complete));
        QCOMPARE(second.request.path, u"/b"_s);
        QCOMPARE(second.request.query.queryItemValue(u"x"_s, QUrl::FullyDecoded), u"/"_s);
        QVERIFY(second.closeAfter);
        QCOMPARE(second.consumed, two.size() - first.consumed);
    }

    void errorsCarryTheirCode_data()
    {
        QTest::addColumn<int>("reason");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("text");
        QTest::addRow("not-found") << int(ApiReason::NotFound) << 404 << u"NotFound"_s;
        QTest::addRow("already-exists") << int(ApiReason::AlreadyExists) << 409 << u"AlreadyExists"_s;
        QTest::addRow("conflict") << int(ApiReason::Conflict) << 409 << u"Conflict"_s;
        QTest::addRow("expired") << int(ApiReason::Expired) << 410 << u"Expired"_s;
        QTest::addRow("too-large") << int(ApiReason::RequestEntityTooLarge) << 413 << u"RequestEntityTooLarge"_s;
        QTest::addRow("media-type") << int(ApiReason::UnsupportedMediaType) << 415 << u"UnsupportedMediaType"_s;
        QTest::addRow("invalid") << int(ApiReason::Invalid) << 422 << u"Invalid"_s;
    }

    void errorsCarryTheirCode()
    {
        QFETCH(int, reason);
        QFETCH(int, code);
        QFETCH(QString, text);
        const HttpResponse r = apiError(ApiReason(reason), u"message"_s);
        QCOMPARE(r.status, code);
        const QJsonObject status = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(status.value(u"code"_s).toInt(), code);
        QCOMPARE(status.value(u"reason"_s).toString(), text);
        QCOMPARE(status.value(u"status"_s).toString(), u"Failure"_s);
    }

    void protobufErrorsAreTyped()
    {
        ProtobufError error;
        QVERIFY(!objectFromProtobuf(QByteArray("k8s\0\x0a\xff", 6), &error));
        QCOMPARE(int(error.kind), int(ProtobufError::Malformed));
        // A well-formed envelope of a kind this decoder does not read: Unsupported, not Malformed.
        const QByteArray typeMeta = QByteArray("\x0a\x02v1\x12\x07Service", 13);
        const QByteArray unknown = QByteArray("\x0a") + char(typeMeta.size()) + typeMeta;
        QVERIFY(!objectFromProtobuf(QByteArray("k8s\0", 4) + unknown, &error));
        QCOMPARE(int(error.kind), int(ProtobufError::Unsupported));
        QVERIFY(error.message.contains(u"Service"_s));
    }

    void stampSetsServerMetadata()
    {
        ObjectStore store({});
        const QList<ResourceType> types = allResourceTypes();
        const ResourceType &deploy = *builtinType(types, u"Deployment"_s);
        const ResourceType &ns = *builtinType(types, u"Namespace"_s);
        const QJsonObject d = obj(R"({"metadata":{"name":"d"},"spec":{"replicas":1}})");
        const QJsonObject first = store.stamp(d, {}, deploy, u"demo"_s);
        const QJsonObject meta = first.value(u"metadata"_s).toObject();
        QCOMPARE(meta.value(u"generation"_s).toInt(), 1);
        QCOMPARE(meta.value(u"namespace"_s).toString(), u"demo"_s);
        QCOMPARE(first.value(u"apiVersion"_s).toString(), u"apps/v1"_s);
        QVERIFY(!meta.value(u"uid"_s).toString().isEmpty());
        // The same spec again keeps the generation; another spec bumps it; uid stays.
        const QJsonObject same = store.stamp(d, first, deploy, u"demo"_s);
        QCOMPARE(same.value(u"metadata"_s).toObject().value(u"generation"_s).toInt(), 1);
        const QJsonObject changed = store.stamp(obj(R"({"metadata":{"name":"d"},"spec":{"replicas":2}})"), same, deploy, u"demo"_s);
        QCOMPARE(changed.value(u"metadata"_s).toObject().value(u"generation"_s).toInt(), 2);
        QCOMPARE(changed.value(u"metadata"_s).toObject().value(u"uid"_s), meta.value(u"uid"_s));
        QVERIFY(changed.value(u"metadata"_s).toObject().value(u"resourceVersion"_s).toString().toLongLong()
                > meta.value(u"resourceVersion"_s).toString().toLongLong());
        // Namespaces have no generation on a real cluster, and no namespace of their own.
        const QJsonObject n = store.stamp(obj(R"({"metadata":{"name":"x","namespace":"y"}})"), {}, ns, QString());
        QVERIFY(!n.value(u"metadata"_s).toObject().contains(u"generation"_s));
        QVERIFY(!n.value(u"metadata"_s).toObject().contains(u"namespace"_s));
        QCOMPARE(n.value(u"status"_s).toObject().value(u"phase"_s).toString(), u"Active"_s);
    }

    void storeSignalsErasure()
    {
        ObjectStore store({});
        QSignalSpy spy(&store, &ObjectStore::erased);
        store.store(u"/configmaps/a/b"_s, obj(R"({"metadata":{"name":"b","resourceVersion":"101"}})"));
        QVERIFY(store.contains(u"/configmaps/a/b"_s));
        const qint64 before = store.resourceVersion();
        store.erase(u"/configmaps/a/b"_s);
        QVERIFY(!store.contains(u"/configmaps/a/b"_s));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(store.resourceVersion(), before + 1);
    }

    // maxSurge rounds up, maxUnavailable down; both zero makes maxUnavailable 1.
    void fenceposts_data()
    {
        QTest::addColumn<QJsonObject>("spec");
        QTest::addColumn<qint64>("surge");
        QTest::addColumn<qint64>("unavailable");
        QTest::addRow("defaults-3") << obj(R"({"replicas":3})") << qint64(1) << qint64(0);
        QTest::addRow("defaults-10") << obj(R"({"replicas":10})") << qint64(3) << qint64(2);
        QTest::addRow("numbers") << obj(R"({"replicas":5,"strategy":{"rollingUpdate":{"maxSurge":2,"maxUnavailable":1}}})") << qint64(2) << qint64(1);
        QTest::addRow("percent-strings") << obj(R"({"replicas":3,"strategy":{"rollingUpdate":{"maxSurge":"50%","maxUnavailable":"50%"}}})") << qint64(2) << qint64(1);
        QTest::addRow("number-strings") << obj(R"({"replicas":3,"strategy":{"rollingUpdate":{"maxSurge":"2"}}})") << qint64(2) << qint64(0);
        QTest::addRow("both-zero") << obj(R"({"replicas":4,"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}})") << qint64(0) << qint64(1);
    }

    void fenceposts()
    {
        QFETCH(QJsonObject, spec);
        QFETCH(qint64, surge);
        QFETCH(qint64, unavailable);
        const Fenceposts f = resolveFenceposts(spec);
        QCOMPARE(f.surge, surge);
        QCOMPARE(f.unavailable, unavailable);
    }

    // The rolling update's steps, until the new ReplicaSet has every replica: availability never
    // drops below replicas - maxUnavailable and pods never exceed replicas + maxSurge.
    void rollingUpdateSteps_data()
    {
        QTest::addColumn<QJsonObject>("spec");
        QTest::addRow("generated-3") << obj(R"({"replicas":3,"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":0}}})");
        QTest::addRow("defaults-10") << obj(R"({"replicas":10})");
        QTest::addRow("unavailable-only") << obj(R"({"replicas":4,"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":"50%"}}})");
        QTest::addRow("hundred") << obj(R"({"replicas":100,"strategy":{"rollingUpdate":{"maxSurge":"10%","maxUnavailable":"5%"}}})");
    }

    void rollingUpdateSteps()
    {
        QFETCH(QJsonObject, spec);
        const qint64 replicas = spec.value(u"replicas"_s).toInteger();
        const Fenceposts f = resolveFenceposts(spec);
        RsView now{u"new"_s, 0, 0, 0, 2};
        RsView was{u"old"_s, replicas, replicas, replicas, 1};
        int steps = 0;
        while ((now.replicas != replicas || was.replicas != 0) && steps < 1000) {
            const QHash<QString, qint64> changes = syncReplicaSets(spec, now, {was});
            QVERIFY2(!changes.isEmpty(), "a rollout whose pods all become available always moves");
            now.replicas = changes.value(now.key, now.replicas);
            was.replicas = changes.value(was.key, was.replicas);
            QVERIFY(now.replicas + was.replicas <= replicas + f.surge);
            // Pods become available before the next sync, and old ones go at once.
            now.current = now.available = now.replicas;
            was.current = was.available = was.replicas;
            QVERIFY(now.available + was.available >= replicas - maxUnavailable(spec));
            ++steps;
        }
        QCOMPARE(now.replicas, replicas);
        QCOMPARE(was.replicas, qint64(0));
    }

    // A new revision that never becomes available, with maxUnavailable 0: the old pods keep serving.
    void failingRolloutKeepsOldPods()
    {
        const QJsonObject spec = obj(R"({"replicas":3,"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}})");
        RsView now{u"new"_s, 0, 0, 0, 2};
        const RsView was{u"old"_s, 3, 3, 3, 1};
        for (int i = 0; i < 10; ++i) {
            const QHash<QString, qint64> changes = syncReplicaSets(spec, now, {was});
            QVERIFY(!changes.contains(was.key));
            now.replicas = changes.value(now.key, now.replicas);
            now.current = now.replicas; // running, never available
        }
        QCOMPARE(now.replicas, qint64(1));
        // Recreate takes the old ones down first, and starts the new ones once they are gone.
        const QJsonObject recreate = obj(R"({"replicas":3,"strategy":{"type":"Recreate"}})");
        QCOMPARE(syncReplicaSets(recreate, RsView{u"new"_s, 0, 0, 0, 2}, {was}).value(u"old"_s), qint64(0));
        QVERIFY(syncReplicaSets(recreate, RsView{u"new"_s, 0, 0, 0, 2}, {RsView{u"old"_s, 0, 2, 0, 1}}).isEmpty());
        QCOMPARE(syncReplicaSets(recreate, RsView{u"new"_s, 0, 0, 0, 2}, {RsView{u"old"_s, 0, 0, 0, 1}}).value(u"new"_s), qint64(3));
    }

    void podTemplateHashes()
    {
        const QJsonObject a = obj(R"({"spec":{"containers":[{"name":"c","image":"a:1"}]}})");
        const QString h = podTemplateHash(a);
        QCOMPARE(podTemplateHash(a), h);
        QVERIFY(h != podTemplateHash(obj(R"({"spec":{"containers":[{"name":"c","image":"a:2"}]}})")));
        static const QRegularExpression safe(u"^[bcdfghjklmnpqrstvwxz2456789]{1,10}$"_s);
        QVERIFY2(safe.match(h).hasMatch(), qPrintable(h));
        QVERIFY(QRegularExpression(u"^[bcdfghjklmnpqrstvwxz2456789]{5}$"_s).match(randomSuffix()).hasMatch());
    }

    // The controllers driven tick by tick: a rollout to an image that never becomes ready, with
    // maxUnavailable 0, keeps the old pods serving and says so in the Deployment's status.
    void controllerKeepsOldPodsServing()
    {
        ObjectStore store({});
        MetricsSimulator metrics;
        const QList<ResourceType> types = allResourceTypes();
        DeploymentController controller(store, metrics, types, DeploymentController::Options{0, 1, 0});
        const ResourceType &deploy = *builtinType(types, u"Deployment"_s);
        const QString key = u"apps/deployments/demo/web"_s;
        auto deployment = [&](const char *image) {
            QJsonObject d = obj(R"({"metadata":{"name":"web"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                "strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},
                "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web"}]}}}})");
            QJsonObject spec = d.value(u"spec"_s).toObject();
            QJsonObject tmpl = spec.value(u"template"_s).toObject();
            QJsonObject podSpec = tmpl.value(u"spec"_s).toObject();
            podSpec.insert(u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"web"_s}, {u"image"_s, QString::fromLatin1(image)}}});
            tmpl.insert(u"spec"_s, podSpec);
            spec.insert(u"template"_s, tmpl);
            d.insert(u"spec"_s, spec);
            return d;
        };
        store.store(key, store.stamp(deployment("web:1"), {}, deploy, u"demo"_s));
        auto status = [&](const char *field) { return store.value(key).value(u"status"_s).toObject().value(QString::fromLatin1(field)).toInteger(); };
        for (int i = 0; i < 20 && status("availableReplicas") < 3; ++i)
            controller.reconcile();
        QCOMPARE(status("availableReplicas"), qint64(3));
        QCOMPARE(status("updatedReplicas"), qint64(3));
        store.store(key, store.stamp(deployment("web:fail"), store.value(key), deploy, u"demo"_s));
        for (int i = 0; i < 20; ++i)
            controller.reconcile();
        // One surge pod of the new revision, never ready; the three old ones still available.
        QCOMPARE(status("replicas"), qint64(4));
        QCOMPARE(status("updatedReplicas"), qint64(1));
        QCOMPARE(status("availableReplicas"), qint64(3));
        QCOMPARE(status("readyReplicas"), qint64(3));
        QCOMPARE(status("unavailableReplicas"), qint64(1));
        int pods = 0;
        for (auto it = store.objects().lowerBound(u"/pods/demo/"_s); it != store.objects().constEnd() && it.key().startsWith(u"/pods/demo/"_s); ++it)
            ++pods;
        QCOMPARE(pods, 4);
        // Back to a working image: the failing pod goes, the old ReplicaSet serves again.
        store.store(key, store.stamp(deployment("web:1"), store.value(key), deploy, u"demo"_s));
        for (int i = 0; i < 20 && (status("replicas") != 3 || status("updatedReplicas") != 3); ++i)
            controller.reconcile();
        QCOMPARE(status("replicas"), qint64(3));
        QCOMPARE(status("updatedReplicas"), qint64(3));
        QCOMPARE(store.value(key).value(u"metadata"_s).toObject().value(u"annotations"_s).toObject().value(u"deployment.kubernetes.io/revision"_s).toString(),
                 u"3"_s);
    }

    // Three nodes of 110 pods: the rest stay Pending, Unschedulable, and get a node once one has room.
    void nodesHaveCapacity()
    {
        ObjectStore store({});
        MetricsSimulator metrics;
        const QList<ResourceType> types = allResourceTypes();
        DeploymentController controller(store, metrics, types, DeploymentController::Options{0, 1, 0});
        const ResourceType &pod = *builtinType(types, u"Pod"_s);
        for (int i = 0; i < 335; ++i) {
            const QString name = u"p%1"_s.arg(i, 3, 10, QLatin1Char('0'));
            store.store(u"/pods/demo/"_s + name,
                        store.stamp(QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, name}}},
                                                {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"c"_s}, {u"image"_s, u"c:1"_s}}}}}}},
                                    {}, pod, u"demo"_s));
        }
        auto count = [&](const QString &phase, const QString &reason) {
            int n = 0;
            for (auto it = store.objects().lowerBound(u"/pods/demo/"_s); it != store.objects().constEnd() && it.key().startsWith(u"/pods/demo/"_s); ++it) {
                const QJsonObject st = it->value(u"status"_s).toObject();
                bool matches = st.value(u"phase"_s).toString() == phase;
                if (!reason.isEmpty())
                    matches = matches && st.value(u"conditions"_s).toArray().at(0).toObject().value(u"reason"_s).toString() == reason;
                n += matches;
            }
            return n;
        };
        // Each tick the scheduler and each kubelet write at most 50 times (their API rate limit).
        controller.reconcile();
        QCOMPARE(count(u"Running"_s, {}), 50);
        for (int i = 0; i < 20; ++i)
            controller.reconcile();
        QCOMPARE(count(u"Running"_s, {}), 330);
        QCOMPARE(count(u"Pending"_s, u"Unschedulable"_s), 5);
        store.erase(u"/pods/demo/p000"_s);
        controller.reconcile();
        QCOMPARE(count(u"Running"_s, {}), 330);
        QCOMPARE(count(u"Pending"_s, u"Unschedulable"_s), 4);
    }
};

QTEST_GUILESS_MAIN(TestDemoClusterUnits)
#include "tst_democluster_units.moc"
