#include "manifests/node.h"
#include "manifests/yaml.h"

#include <QTest>

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
