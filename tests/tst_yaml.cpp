#include "manifests/node.h"
#include "manifests/yaml.h"

#include <QJsonValue>
#include <QLocale>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using dc::Node;

class TestYaml : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scalarRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        // Strings that a careless writer would turn into numbers, booleans or broken YAML.
        for (const QString &s : {u"true"_s, u"no"_s, u"ON"_s, u"null"_s, u"~"_s, u"0777"_s, u"0x1F"_s, u"1e3"_s, u"3.14"_s,
                                 u"12:30"_s, u"-1"_s, u"+5"_s, u".inf"_s, u""_s, u" leading"_s, u"trailing "_s, u"a: b"_s,
                                 u"x #comment"_s, u"*"_s, u"&anchor"_s, u"!tag"_s, u"- item"_s, u"---"_s, u"key:"_s,
                                 u"@at"_s, u"`tick`"_s, u"'quoted'"_s, u"\"dq\""_s, u"%percent"_s, u"[list]"_s, u"{map}"_s,
                                 u"tab\there"_s, u"bell\x07"_s, u"ünïcødé ✓"_s, u"Bearer "_s, u"--port=8080"_s,
                                 u"line1\nline2\n"_s, u"no trailing newline\nsecond"_s, u"trailing spaces  \nx"_s,
                                 u"\nleading newline"_s, u"ends with blank\n\n"_s}) {
            QTest::addRow("%s", qPrintable(s.isEmpty() ? u"<empty>"_s : s.simplified().left(20))) << s;
        }
    }

    void scalarRoundTrip()
    {
        QFETCH(QString, text);
        Node doc = Node::map();
        doc.set("value", Node(text));
        Node seq = Node::seq();
        seq.append(Node(text));
        doc.set("list", seq);
        const QString yaml = dc::toYaml(doc);
        const dc::ParsedYaml parsed = dc::parseYaml(yaml.toUtf8());
        QVERIFY2(parsed.ok(), qPrintable(yaml));
        QCOMPARE(parsed.documents.size(), size_t(1));
        const Node &back = parsed.documents.front();
        QCOMPARE(int(back.get(u"value")->type()), int(Node::Type::String));
        QCOMPARE(back.get(u"value")->toString(), text);
        QCOMPARE(back.get(u"list")->items().front().toString(), text);
    }

    void typedScalars()
    {
        const dc::ParsedYaml p = dc::parseYaml("a: 1\nb: 1.5\nc: true\nd: yes\ne: ~\nf: '1'\ng: \"true\"\nh: 0x10\ni: 500m\n");
        QVERIFY(p.ok());
        const Node &d = p.documents.front();
        QCOMPARE(int(d.get(u"a")->type()), int(Node::Type::Int));
        QCOMPARE(int(d.get(u"b")->type()), int(Node::Type::Double));
        QCOMPARE(d.get(u"c")->toBool(), true);
        QCOMPARE(d.get(u"d")->toBool(), true);
        QVERIFY(d.get(u"e")->isNull());
        QCOMPARE(d.get(u"f")->toString(), u"1"_s);
        QCOMPARE(d.get(u"g")->toString(), u"true"_s);
        QCOMPARE(d.get(u"h")->toInt(), 16);
        QCOMPARE(d.get(u"i")->toString(), u"500m"_s);
    }

    // Expected values written from the YAML 1.1 type specs (yaml.org/type/{bool,int,float,null,
    // timestamp}.html) as go-yaml v2 — the reader under kubectl and the API machinery — applies
    // them: the JSON text each plain scalar becomes, or "str:" + the text for strings.
    void yaml11Resolution_data()
    {
        QTest::addColumn<QString>("plain");
        QTest::addColumn<QString>("json");
        const auto row = [](const char *plain, const char *json) { QTest::addRow("%s", plain) << QString::fromUtf8(plain) << QString::fromUtf8(json); };
        // int: decimal with sign and underscores, octal with a leading 0 or 0o, hex, binary
        row("0644", "420");
        row("0o17", "15");
        row("0x1F", "31");
        row("0X1f", "31");
        row("-0x1F", "-31");
        row("0b101", "5");
        row("-0b101", "-5");
        row("1_000", "1000");
        row("+12", "12");
        row("-7", "-7");
        row("0", "0");
        row("9223372036854775807", "9223372036854775807");
        row("-9223372036854775808", "-9223372036854775808");
        // "08" is no octal; go-yaml falls through to a float 8
        row("08", "8");
        // float
        row("1e3", "1000");
        row("1.5", "1.5");
        row(".5", "0.5");
        row("-1.5e-3", "-0.0015");
        row("1_000.5", "1000.5");
        row("3.", "3");
        row("1e400", "str:1e400");
        row("1e300", "1e+300");
        // special floats in their listed spellings only
        row(".inf", "inf");
        row(".Inf", "inf");
        row("+.INF", "inf");
        row("-.inf", "-inf");
        row(".NaN", "nan");
        row(".iNf", "str:.iNf");
        // bool: the YAML 1.1 words in three case variants each
        for (const char *t : {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
            row(t, "true");
        for (const char *f : {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})
            row(f, "false");
        row("yEs", "str:yEs");
        row("oN", "str:oN");
        // null
        row("~", "null");
        row("null", "null");
        row("Null", "null");
        row("NULL", "null");
        row("nULL", "str:nULL");
        // timestamps reach JSON as RFC 3339 text
        row("2024-01-31", "str:2024-01-31T00:00:00Z");
        row("2024-1-5", "str:2024-01-05T00:00:00Z");
        row("2001-12-14t21:59:43.10-05:00", "str:2001-12-14T21:59:43.1-05:00");
        row("2001-12-14T21:59:43Z", "str:2001-12-14T21:59:43Z");
        row("2001-12-14 21:59:43.10", "str:2001-12-14T21:59:43.1Z");
        row("2024-02-30", "str:2024-02-30");
        // strings
        row("500m", "str:500m");
        row("1.5Gi", "str:1.5Gi");
        row("0x", "str:0x");
        row("12:30", "str:12:30");
        row("v1.0", "str:v1.0");
        row("0.0.1", "str:0.0.1");
        row("1e", "str:1e");
    }

    void yaml11Resolution()
    {
        QFETCH(QString, plain);
        QFETCH(QString, json);
        const dc::ParsedYaml p = dc::parseYaml(u"v: "_s.toUtf8() + plain.toUtf8() + "\n");
        QVERIFY2(p.ok(), qPrintable(plain));
        const Node *v = p.documents.front().get(u"v");
        QVERIFY(v);
        QString got;
        switch (v->type()) {
        case Node::Type::String: got = u"str:"_s + v->toString(); break;
        case Node::Type::Null: got = u"null"_s; break;
        case Node::Type::Bool: got = v->toBool() ? u"true"_s : u"false"_s; break;
        case Node::Type::Int: got = QString::number(v->toInt()); break;
        case Node::Type::Double: {
            const double d = v->toDouble();
            got = std::isnan(d) ? u"nan"_s : std::isinf(d) ? (d > 0 ? u"inf"_s : u"-inf"_s) : QString::number(d, 'g', QLocale::FloatingPointShortest);
            break;
        }
        default: got = u"?"_s;
        }
        QCOMPARE(got, json);
        // Quoted, the same text is always the string itself.
        const dc::ParsedYaml quoted = dc::parseYaml(u"v: \""_s.toUtf8() + plain.toUtf8() + "\"\n");
        QCOMPARE(quoted.documents.front().get(u"v")->toString(), plain);
    }

    // The writer quotes every string that a YAML 1.1 reader would take for something else.
    void writerQuotesYaml11Words_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *s : {"on", "Off", "y", "N", "0644", "0o17", "0b101", "1_000", "+12", "2024-01-31", ".NaN", "~", "1e3", "12:30", "08"})
            QTest::addRow("%s", s) << QString::fromUtf8(s);
    }

    void writerQuotesYaml11Words()
    {
        QFETCH(QString, text);
        Node doc = Node::map();
        doc.set("v", Node(text));
        const QString yaml = dc::toYaml(doc);
        QVERIFY2(yaml.startsWith(u"v: '"_s) || yaml.startsWith(u"v: \""_s), qPrintable(yaml));
        QCOMPARE(dc::parseYaml(yaml.toUtf8()).documents.front().get(u"v")->toString(), text);
    }

    void keysAreSpelledAsJsonSeesThem()
    {
        const dc::ParsedYaml p = dc::parseYaml("yes: a\n0644: b\nplain: c\n");
        QVERIFY(p.ok());
        const Node &d = p.documents.front();
        QCOMPARE(d.str(u"true"), u"a"_s);
        QCOMPARE(d.str(u"420"), u"b"_s);
        QCOMPARE(d.str(u"plain"), u"c"_s);
    }

    void hugeNumbersInJsonStayDoubles()
    {
        // 1e300 as an integer would be undefined behaviour; it stays a double.
        const Node n = Node::fromJson(QJsonValue(1e300));
        QCOMPARE(int(n.type()), int(Node::Type::Double));
        QCOMPARE(int(Node::fromJson(QJsonValue(-1e19)).type()), int(Node::Type::Double));
        QCOMPARE(Node::fromJson(QJsonValue(42.0)).toInt(), 42);
    }

    void nestedStructuresRoundTrip()
    {
        Node root = Node::map();
        Node containers = Node::seq();
        Node c = Node::map();
        c.set("name", Node("app"));
        Node ports = Node::seq();
        Node p = Node::map();
        p.set("containerPort", Node(8080));
        ports.append(p);
        c.set("ports", ports);
        c.set("empty", Node::map());
        c.set("none", Node::seq());
        containers.append(c);
        Node inner = Node::seq();
        inner.append(Node("x"));
        containers.append(inner);
        root.set("containers", containers);
        root.set("config.yaml", Node("a: 1\nb:\n  - c\n"));
        const QString yaml = dc::toYaml(root);
        const dc::ParsedYaml parsed = dc::parseYaml(yaml.toUtf8());
        QVERIFY2(parsed.ok(), qPrintable(yaml));
        QVERIFY2(parsed.documents.front().dataEquals(root), qPrintable(yaml));
        // Deterministic: same tree, same bytes.
        QCOMPARE(dc::toYaml(root), yaml);
    }

    void lineInfoFollowsFields()
    {
        Node root = Node::map();
        Node spec = Node::map();
        spec.set("replicas", Node(3).withSource(u"replicas"_s));
        root.set("spec", spec);
        const dc::YamlText t = dc::writeYaml(root);
        QCOMPARE(t.lines.size(), size_t(2));
        QCOMPARE(t.lines[1].fieldPath, u"spec.replicas"_s);
        QCOMPARE(t.lines[1].source, u"replicas"_s);
    }

    void duplicateKeysAreReported()
    {
        const dc::ParsedYaml p = dc::parseYaml("a: 1\nb: 2\na: 3\n", u"f.yaml"_s);
        QCOMPARE(p.issues.size(), 1);
        QCOMPARE(p.issues.front().line, 3);
        QVERIFY(p.issues.front().message.contains(u"duplicate key \"a\""_s));
    }

    void syntaxErrorsHaveLines()
    {
        const dc::ParsedYaml p = dc::parseYaml("a: 1\nb: [1, 2\n", u"f.yaml"_s);
        QCOMPARE(p.issues.size(), 1);
        QVERIFY(p.issues.front().line >= 2);
        QCOMPARE(p.issues.front().file, u"f.yaml"_s);
    }

    void marksPointAtValues()
    {
        const dc::ParsedYaml p = dc::parseYaml("a:\n  b: 7\n");
        const Node *b = p.documents.front().at(u"a.b");
        QVERIFY(b);
        QCOMPARE(b->line(), 2);
        QCOMPARE(b->column(), 6);
    }

    void multiDocumentsSkipEmpty()
    {
        const dc::ParsedYaml p = dc::parseYaml("---\na: 1\n---\n---\nb: 2\n");
        QVERIFY(p.ok());
        QCOMPARE(p.documents.size(), size_t(2));
    }

    void deepNestingIsRefused()
    {
        const QByteArray deep = QByteArray(300, '[') + QByteArray(300, ']');
        const dc::ParsedYaml p = dc::parseYaml(deep);
        QVERIFY(!p.ok());
    }
};

QTEST_GUILESS_MAIN(TestYaml)
#include "tst_yaml.moc"
