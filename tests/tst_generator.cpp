#include "manifests/linediff.h"
#include "manifests/bundletext.h"
#include "config/fields.h"
#include "config/project.h"
#include "config/resolvedconfig.h"
#include "manifests/export.h"
#include "manifests/generator.h"
#include "manifests/imageref.h"
#include "testutil.h"
#include "validation/schemavalidator.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFileInfo>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace dc;

namespace {

using dctest::addAllTargets;
using dctest::fetchTarget;

Project fixtureProject(const QString &name)
{
    const ProjectLoad r = loadProjectFile(dctest::fixtures() + u"/projects/"_s + name);
    if (!r.project)
        qFatal("fixture %s does not load", qPrintable(name));
    return *r.project;
}

QString describe(const QList<Finding> &findings)
{
    QStringList s;
    for (const Finding &f : findings)
        s << f.format();
    return s.join(u'\n');
}

const Node *deployment(const Bundle &b)
{
    for (const Document &d : b.documents)
        if (d.kind() == u"Deployment"_s)
            return &d.root;
    return nullptr;
}

} // namespace

class TestGenerator : public QObject
{
    Q_OBJECT
    SchemaValidator m_validator{QStringLiteral(DC_SCHEMAS_DIR)};

private Q_SLOTS:
    // The console's diff: both texts come back from the diff, it is minimal for small edits,
    // and the unified form has the usual hunk headers.
    void lineDiff()
    {
        const QStringList a = {u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s, u"f"_s, u"g"_s, u"h"_s, u"i"_s, u"j"_s};
        QStringList b = a;
        b[4] = u"E"_s;
        b.insert(8, u"new"_s);
        const QList<DiffLine> d = diffLines(a, b);
        QStringList before, after;
        int changes = 0;
        for (const DiffLine &l : d) {
            if (l.type != DiffLine::Added)
                before << l.text;
            if (l.type != DiffLine::Removed)
                after << l.text;
            changes += l.type != DiffLine::Same;
        }
        QCOMPARE(before, a);
        QCOMPARE(after, b);
        QCOMPARE(changes, 3);
        QCOMPARE(unifiedDiff(d, u"old"_s, u"new"_s, 1),
                 u"--- old\n+++ new\n@@ -4,3 +4,3 @@\n d\n-e\n+E\n f\n@@ -8,2 +8,3 @@\n h\n+new\n i\n"_s);
        QVERIFY(diffLines(a, a).size() == a.size());
        QCOMPARE(unifiedDiff(diffLines(a, a), u"x"_s, u"y"_s), u"--- x\n+++ y\n"_s);
        // Whole bundles: staging against production of the same project.
        const QStringList staging = generate(Project{}, Target{Platform::Odh, Environment::Staging, Preset::ModelRegistryUi}).yaml().split(u'\n');
        const QStringList production = generate(Project{}, Target{Platform::Odh, Environment::Production, Preset::ModelRegistryUi}).yaml().split(u'\n');
        before.clear();
        after.clear();
        for (const DiffLine &l : diffLines(staging, production)) {
            if (l.type != DiffLine::Added)
                before << l.text;
            if (l.type != DiffLine::Removed)
                after << l.text;
        }
        QCOMPARE(before, staging);
        QCOMPARE(after, production);
    }

    // The preview's source map: the text is the bundle's YAML, and every sourced line maps back.
    void bundleTextSourceMap_data() { dctest::addAllTargets(); }
    void bundleTextSourceMap()
    {
        {
            const Target t = dctest::fetchTarget();
            const Bundle b = generate(Project{}, t);
            const BundleText bt = bundleText(b);
            QCOMPARE(bt.text, b.yaml(true));
            QCOMPARE(qsizetype(bt.lines.size()), bt.text.count(u'\n'));
            QCOMPARE(bt.documentLines.size(), b.documents.size());
            const QStringList textLines = bt.text.split(u'\n');
            for (size_t d = 0; d < b.documents.size(); ++d) {
                QCOMPARE(textLines.at(bt.documentLines[d] - 2), u"---"_s);
                QVERIFY(textLines.at(bt.documentLines[d] - 1).startsWith(u"apiVersion: "_s));
            }
            int sourced = 0;
            for (size_t i = 0; i < bt.lines.size(); ++i) {
                const QString &source = bt.lines[i].source;
                if (source.isEmpty())
                    continue;
                ++sourced;
                QVERIFY2(findField(source) || isFieldPrefix(source), qPrintable(source));
                QVERIFY(bt.linesFrom(source).contains(int(i) + 1));
                QCOMPARE(bt.sourceAt(int(i) + 1), source);
            }
            QVERIFY(sourced > 10);
        }
        const Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        const BundleText bt = bundleText(b);
        const QList<int> replicas = bt.linesFrom(u"replicas"_s);
        QVERIFY(!replicas.isEmpty());
        QCOMPARE(bt.text.split(u'\n').at(replicas.first() - 1).trimmed(), u"replicas: 3"_s);
        QVERIFY(bt.linesFrom(u"nosuchfield"_s).isEmpty());
        QCOMPARE(bt.sourceAt(1), QString());
        QCOMPARE(bt.sourceAt(100000), QString());
    }

    // The 18 built-in combinations, and the three fixture projects in each of their environments.
    void golden_data() { dctest::addAllTargetsAndProjects(); }

    void golden()
    {
        QFETCH(QString, project);
        const Target t = fetchTarget();
        Project p;
        QString name = t.id();
        if (!project.isEmpty()) {
            p = *loadProjectFile(project).project;
            name = u"projects/"_s + QFileInfo(project).baseName() + u'-' + toId(t.environment);
        }
        const QString yaml = generate(p, t).yaml(true);
        const QString path = QStringLiteral(DC_GOLDEN_DIR) + u'/' + name + u".yaml"_s;
        // Rewritten only on request (scripts/update-golden.sh); CTest sets the variable empty.
        if (!qEnvironmentVariableIsEmpty("DC_UPDATE_GOLDEN")) {
            QString error;
            QVERIFY2(writeFileAtomically(path, yaml.toUtf8(), &error), qPrintable(error));
            QSKIP("golden file rewritten; review the diff");
        }
        const QByteArray golden = dctest::readAll(path);
        QVERIFY2(!golden.isEmpty(), qPrintable(u"missing "_s + path + u" (run scripts/update-golden.sh)"_s));
        QCOMPARE(yaml, QString::fromUtf8(golden));
    }

    void deterministic_data() { addAllTargets(); }
    void deterministic()
    {
        const Target t = fetchTarget();
        const Bundle a = generate(Project{}, t);
        const Bundle b = generate(Project{}, t);
        QCOMPARE(a.yaml(true), b.yaml(true));
        QVERIFY(a.documents == b.documents);
    }

    void validatesAgainstSchemas_data() { addAllTargets(); }
    void validatesAgainstSchemas()
    {
        const Target t = fetchTarget();
        const Bundle b = generate(Project{}, t);
        QVERIFY(b.documents.size() >= 4);
        for (const Document &d : b.documents)
            QVERIFY2(!m_validator.schemaFile(d.apiVersion(), d.kind()).isEmpty(), qPrintable(u"no schema for "_s + d.apiVersion() + u' ' + d.kind()));
        const QList<Finding> findings = m_validator.validate(b);
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void fixtureProjectsValidate_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("environment");
        for (const char *f : {"kubeflow-everything.yaml", "odh-mysql.yaml", "rhoai-split.yaml", "standalone-ingress.yaml"})
            for (Environment e : {Environment::Development, Environment::Staging, Environment::Production})
                QTest::addRow("%s-%s", f, qPrintable(toId(e))) << QString::fromLatin1(f) << int(e);
    }
    void fixtureProjectsValidate()
    {
        QFETCH(QString, file);
        QFETCH(int, environment);
        const Project p = fixtureProject(file);
        Target t = p.target;
        t.environment = Environment(environment);
        const Bundle b = generate(p, t);
        const QList<Finding> findings = m_validator.validate(b);
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
    }

    void optionalPartsAppear()
    {
        const Project p = fixtureProject(u"kubeflow-everything.yaml"_s);
        const Bundle prod = generate(p, p.target);
        QStringList kinds;
        for (const Document &d : prod.documents)
            kinds << d.kind();
        for (const char *k : {"Gateway", "RequestAuthentication", "HorizontalPodAutoscaler", "ServiceMonitor", "PodDisruptionBudget"})
            QVERIFY2(kinds.contains(QString::fromLatin1(k)), k);
        const Node *dep = deployment(prod);
        QVERIFY(!dep->at(u"spec.replicas"));                       // the autoscaler owns replicas
        const Node &container = dep->at(u"spec.template.spec.containers")->items().front();
        QVERIFY(container.str(u"image").contains(u"@sha256:"_s)); // digest wins over tag
        for (const Document &d : prod.documents)
            if (d.kind() == u"AuthorizationPolicy"_s) {
                QCOMPARE(d.apiVersion(), u"security.istio.io/v1beta1"_s);
                const Node *rules = d.root.at(u"spec.rules");
                QCOMPARE(rules->size(), 1);
                const Node &rule = rules->items().front();
                QVERIFY(rule.get(u"from") && rule.get(u"to") && rule.get(u"when"));
                QCOMPARE(rule.get(u"when")->items().front().get(u"values")->items().front().toString(), u"*@example.com"_s);
            }
        // The development override brings back the shared gateway.
        const Bundle dev = generate(p, Target{Platform::Kubeflow, Environment::Development, Preset::ModelRegistryUi});
        for (const Document &d : dev.documents)
            QVERIFY(d.kind() != u"Gateway"_s);
    }

    void secureByDefault_data() { addAllTargets(); }
    void secureByDefault()
    {
        const Bundle b = generate(Project{}, fetchTarget());
        const Node *dep = deployment(b);
        QVERIFY(dep);
        const Node *pod = dep->at(u"spec.template.spec");
        QCOMPARE(pod->str(u"securityContext.runAsNonRoot"), u"true"_s);
        QCOMPARE(pod->str(u"securityContext.seccompProfile.type"), u"RuntimeDefault"_s);
        for (const Node &c : pod->get(u"containers")->items()) {
            const QString name = c.str(u"name");
            QCOMPARE(c.str(u"securityContext.allowPrivilegeEscalation"), u"false"_s);
            QCOMPARE(c.at(u"securityContext.capabilities.drop")->items().front().toString(), u"ALL"_s);
            QCOMPARE(c.str(u"securityContext.readOnlyRootFilesystem"), u"true"_s);
            for (const char *r : {"requests.cpu", "requests.memory", "limits.cpu", "limits.memory"})
                QVERIFY2(!c.str(QString(u"resources."_s + QString::fromLatin1(r))).isEmpty(), qPrintable(name + u' ' + QString::fromLatin1(r)));
            QVERIFY2(c.get(u"livenessProbe") && c.get(u"readinessProbe"), qPrintable(name));
            QVERIFY2(!c.str(u"image").endsWith(u":latest"_s), qPrintable(name));
        }
        // Selectors: stable labels only.
        for (const Document &d : b.documents) {
            for (const char *p : {"spec.selector.matchLabels", "spec.selector"}) {
                const Node *sel = d.root.at(QString::fromLatin1(p));
                if (!sel || !sel->isMap())
                    continue;
                for (const Node &label : sel->items())
                    QVERIFY2(!label.key().contains(u"version"_s), qPrintable(d.id() + u": "_s + label.key()));
            }
        }
    }

    void platformSpecifics()
    {
        const Bundle kf = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        QCOMPARE(kf.actions.size(), size_t(1));
        QCOMPARE(kf.actions.front().name, u"centraldashboard-config"_s);
        QCOMPARE(kf.actions.front().entry.str(u"link"), u"/model-registry/"_s);
        bool authzNote = false;
        for (const Note &n : kf.notes)
            authzNote = authzNote || n.id == u"guide-authorization-policy"_s;
        QVERIFY(authzNote);
        for (const Document &d : kf.documents)
            QVERIFY2(d.kind() != u"ConfigMap"_s, "no ConfigMap replaces a shared one");

        const Bundle odh = generate(Project{}, Target{Platform::Odh, Environment::Production, Preset::ModelRegistryUi});
        QStringList actionKinds;
        for (const MergeAction &a : odh.actions)
            actionKinds << a.kind;
        // The DataScienceCluster first, then the CRD the operator installs, the objects, the merges.
        QCOMPARE(actionKinds, (QStringList{u"DataScienceCluster"_s, u"CustomResourceDefinition"_s, u"ConfigMap"_s, u"OdhDashboardConfig"_s}));
        QCOMPARE(odh.actions[0].beforeObjects, true);
        QCOMPARE(odh.actions[1].beforeObjects, true);
        QCOMPARE(odh.actions[2].beforeObjects, false);
        QVERIFY2(!odh.actions[0].patch.at(u"spec.components.modelregistry.registriesNamespace"), "the registries namespace is never changed");
        const Node *dep = deployment(odh);
        const Node &c = dep->at(u"spec.template.spec.containers")->items().front();
        QCOMPARE(c.at(u"ports")->items().front().get(u"containerPort")->toInt(), 8043);
        QCOMPARE(c.str(u"readinessProbe.httpGet.scheme"), u"HTTPS"_s);
        QVERIFY(c.get(u"args")->dataEquals(Node(QStringList{
            u"--deployment-mode=federated"_s, u"--port=8043"_s, u"--auth-method=user_token"_s,
            u"--auth-token-header=x-forwarded-access-token"_s, u"--auth-token-prefix="_s, u"--log-level=info"_s,
            u"--cert-file=/etc/tls/private/tls.crt"_s, u"--key-file=/etc/tls/private/tls.key"_s,
            u"--bundle-paths=/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem,/etc/pki/service-ca/service-ca.crt,/etc/pki/odh-trusted-ca/ca-bundle.crt,/etc/pki/odh-trusted-ca/odh-ca-bundle.crt"_s})));
        bool modelRegistry = false;
        for (const Document &d : odh.documents)
            if (d.kind() == u"ModelRegistry"_s) {
                modelRegistry = true;
                QCOMPARE(d.apiVersion(), u"modelregistry.opendatahub.io/v1beta1"_s);
                QVERIFY(d.root.at(u"spec.postgres.passwordSecret.name"));
            }
        QVERIFY(modelRegistry);

        const Bundle sa = generate(Project{}, Target{Platform::Standalone, Environment::Development, Preset::ModelRegistryUi});
        QCOMPARE(sa.documents.front().kind(), u"Namespace"_s);
        const Node *sdep = deployment(sa);
        QCOMPARE(sdep->at(u"spec.template.spec.containers")->size(), 2); // module + development auth proxy
        for (const Document &d : sa.documents)
            if (d.kind() == u"Service"_s)
                QCOMPARE(d.root.at(u"spec.ports")->items().front().str(u"targetPort"), u"proxy"_s);
    }

    void sourceMapLeadsToConfig()
    {
        const Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        const Node *dep = deployment(b);
        QCOMPARE(dep->at(u"spec.replicas")->source(), u"replicas"_s);
        const Node &c = dep->at(u"spec.template.spec.containers")->items().front();
        QCOMPARE(c.at(u"resources.requests.cpu")->source(), u"resources.requests.cpu"_s);
        QCOMPARE(c.get(u"image")->source(), u"image.tag"_s);
        const YamlText text = writeYaml(*dep);
        bool found = false;
        for (const LineInfo &l : text.lines)
            if (l.fieldPath == u"spec.replicas"_s) {
                QCOMPARE(l.source, u"replicas"_s);
                found = true;
            }
        QVERIFY(found);
    }

    void validatorCatchesMistakes()
    {
        Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        Node *dep = nullptr;
        for (Document &d : b.documents)
            if (d.kind() == u"Deployment"_s)
                dep = &d.root;
        dep->get(u"spec")->set("replicas", Node("three"));
        dep->get(u"spec")->set("sepc", Node(1));
        const QList<Finding> findings = m_validator.validate(b, u"bundle.yaml"_s);
        QCOMPARE(findings.size(), 2);
        const QString all = describe(findings);
        QVERIFY2(all.contains(u"Deployment/model-registry-ui: spec.replicas: wrong type"_s), qPrintable(all));
        QVERIFY2(all.contains(u"unknown field \"sepc\""_s), qPrintable(all));
        // The line points at the field in the rendered bundle.
        const QStringList lines = b.yaml(true).split(u'\n');
        for (const Finding &f : findings)
            if (f.path == u"spec.replicas"_s)
                QVERIFY2(lines.value(f.line - 1).trimmed().startsWith(u"replicas:"_s), qPrintable(lines.value(f.line - 1)));
    }

    void mergeJsonEntryKeepsOthers()
    {
        const Bundle b = generate(Project{}, Target{Platform::Kubeflow, Environment::Production, Preset::ModelRegistryUi});
        const MergeAction &a = b.actions.front();
        QString error;
        const QByteArray existing = R"({"menuLinks":[{"type":"item","link":"/pipeline/","text":"Pipelines","icon":"kubeflow:pipeline-centered"},
            {"type":"item","link":"/model-registry/","text":"Old","icon":"book"}],"externalLinks":[],"documentationItems":[{"text":"Docs","link":"x","desc":"d"}]})";
        const QByteArray merged = mergeJsonEntry(existing, a, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonObject o = QJsonDocument::fromJson(merged).object();
        const QJsonArray links = o.value(u"menuLinks"_s).toArray();
        QCOMPARE(links.size(), 2);
        QCOMPARE(links.at(0).toObject().value(u"text"_s).toString(), u"Pipelines"_s);
        QCOMPARE(links.at(1).toObject().value(u"text"_s).toString(), u"Model Registry"_s);
        QCOMPARE(o.value(u"documentationItems"_s).toArray().size(), 1);
        // Idempotent.
        QCOMPARE(mergeJsonEntry(merged, a, &error), merged);
        // Empty key: a new list with our entry.
        QCOMPARE(QJsonDocument::fromJson(mergeJsonEntry(QByteArray(), a, &error)).object().value(u"menuLinks"_s).toArray().size(), 1);
        // Broken JSON is refused, not overwritten.
        QVERIFY(mergeJsonEntry("{broken", a, &error).isEmpty());
        QVERIFY(error.contains(u"not valid JSON"_s));

        const Bundle odh = generate(Project{}, Target{Platform::Odh, Environment::Production, Preset::ModelRegistryUi});
        const QByteArray fed = mergeJsonEntry(R"([{"name":"genAi","remoteEntry":"/remoteEntry.js"}])", odh.actions[2], &error);
        const QJsonArray modules = QJsonDocument::fromJson(fed).array();
        QCOMPARE(modules.size(), 2);
        QCOMPARE(modules.at(1).toObject().value(u"service"_s).toObject().value(u"port"_s).toInt(), 8043);
    }

    void konfluxFilesValidate()
    {
        const QList<ExportedFile> files = konfluxFiles(Project{}, Target{Platform::Odh, Environment::Production, Preset::ModelRegistryUi});
        QCOMPARE(files.size(), 2);
        QVERIFY(files.at(0).content.contains("FROM registry.access.redhat.com/ubi9/nodejs-22"));
        QVERIFY(files.at(0).content.contains("USER 65532:65532"));
        QVERIFY(!files.at(0).content.contains("nginx"));
        const ParsedYaml run = parseYaml(files.at(1).content);
        QVERIFY(run.ok());
        QCOMPARE(run.documents.front().str(u"apiVersion"), u"tekton.dev/v1"_s);
        const QList<Finding> findings = m_validator.validate(run.documents.front());
        QVERIFY2(findings.isEmpty(), qPrintable(describe(findings)));
        // The PipelineRun builds the Dockerfile that is exported: same path, the root as context,
        // and the COPY sources exist relative to that context (the folders the project names).
        QString dockerfileParam, context;
        for (const Node &p : run.documents.front().at(u"spec.params")->items()) {
            if (p.str(u"name") == u"dockerfile"_s)
                dockerfileParam = p.str(u"value");
            if (p.str(u"name") == u"path-context"_s)
                context = p.str(u"value");
        }
        QCOMPARE(files.at(0).path, dockerfileParam);
        QCOMPARE(context, u"."_s);
        QVERIFY(files.at(1).path.startsWith(u".tekton/"_s));
        const QString text = QString::fromUtf8(files.at(0).content);
        QVERIFY(text.contains(u"COPY --chown=1001:0 packages/model-registry/upstream/frontend/package.json"_s));
        QVERIFY(text.contains(u"COPY --chown=1001:0 packages/model-registry/upstream/bff/go.mod"_s));
        // Every base image is pinned (a version or a digest), as the image-latest lint demands of manifests.
        static const QRegularExpression from(u"^FROM (\\S+)"_s, QRegularExpression::MultilineOption);
        int bases = 0;
        for (auto it = from.globalMatch(text); it.hasNext();) {
            const ImageRef ref = ImageRef::parse(it.next().captured(1));
            QVERIFY2(!ref.floating(), qPrintable(ref.repository + u':' + ref.tag));
            ++bases;
        }
        QCOMPARE(bases, 3);
    }

    void floatingTags()
    {
        for (const char *tag : {"latest", "main", "master", "odh-stable", "nightly", "stable", "", "release-latest"})
            QVERIFY2(isFloatingTag(QString::fromLatin1(tag)), tag);
        for (const char *tag : {"v0.3.8", "1.25", "9.6", "1.25-alpine", "v2.25", "main-abc1234", "sha-5f2e1a0"})
            QVERIFY2(!isFloatingTag(QString::fromLatin1(tag)), tag);
        QCOMPARE(ImageRef::parse(u"localhost:5000/ui:main@sha256:abc"_s).repository, u"localhost:5000/ui"_s);
        QVERIFY(!ImageRef::parse(u"localhost:5000/ui:main@sha256:abc"_s).floating());
        QVERIFY(ImageRef::parse(u"localhost:5000/ui"_s).floating());
        // The generator pulls floating tags every time, unless the project says Never.
        Project p;
        p.values.insert(u"image.tag"_s, LayerValue{u"main"_s, QString(), 0});
        const Bundle b = generate(p, Target{Platform::Kubeflow, Environment::Staging, Preset::ModelRegistryUi});
        QCOMPARE(deployment(b)->at(u"spec.template.spec.containers")->items().front().str(u"imagePullPolicy"), u"Always"_s);
        p.values.insert(u"image.pullPolicy"_s, LayerValue{u"Never"_s, QString(), 0});
        const Bundle never = generate(p, Target{Platform::Kubeflow, Environment::Staging, Preset::ModelRegistryUi});
        QCOMPARE(deployment(never)->at(u"spec.template.spec.containers")->items().front().str(u"imagePullPolicy"), u"Never"_s);
    }
};

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
