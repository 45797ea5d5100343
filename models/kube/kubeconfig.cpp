#include "kubeconfig.h"

#include "manifests/yaml.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace dc::kube {

namespace {

// Reads one file's entries into `config` (entries already defined by an earlier file win).
class FileReader
{
public:
    FileReader(Kubeconfig &config, QString file)
        : m_config(config)
        , m_file(std::move(file))
        , m_dir(QFileInfo(m_file).absolutePath())
    {
    }

    void read(const Node &root)
    {
        if (root.isNull())
            return; // an empty file is an empty configuration
        if (!root.isMap()) {
            problem(root.line(), u"a kubeconfig is a mapping (apiVersion: v1, kind: Config, clusters, users, contexts)"_s);
            return;
        }
        if (m_config.currentContext.isEmpty())
            m_config.currentContext = root.str(u"current-context");
        readList(root, u"clusters"_s, u"cluster"_s, [this](const QString &name, const Node &body, int line) { readCluster(name, body, line); });
        readList(root, u"users"_s, u"user"_s, [this](const QString &name, const Node &body, int line) { readUser(name, body, line); });
        readList(root, u"contexts"_s, u"context"_s, [this](const QString &name, const Node &body, int line) { readContext(name, body, line); });
    }

    void problem(int line, const QString &message) { m_config.problems.append({m_file, line, message}); }

private:
    template<typename Read>
    void readList(const Node &root, const QString &field, const QString &bodyField, Read readEntry)
    {
        const Node *list = root.get(field);
        if (!list || list->isNull())
            return;
        if (!list->isSeq()) {
            problem(list->line(), u"%1 must be a list of {name, %2} entries"_s.arg(field, bodyField));
            return;
        }
        for (const Node &entry : list->items()) {
            const QString name = entry.str(u"name");
            if (!entry.isMap() || name.isEmpty()) {
                problem(entry.line(), u"an entry of %1 without a name; it is left out"_s.arg(field));
                continue;
            }
            const Node *body = entry.get(bodyField);
            if (!body || !body->isMap()) {
                problem(entry.line(), u"%1 \"%2\" has no %3 mapping; it is left out"_s.arg(field.chopped(1), name, bodyField));
                continue;
            }
            readEntry(name, *body, entry.line());
        }
    }

    // A path as written, made absolute against the kubeconfig file's folder.
    QString path(const QString &written) const
    {
        if (written.isEmpty() || QDir::isAbsolutePath(written))
            return written;
        return QDir::cleanPath(m_dir + u'/' + written);
    }

    std::optional<QByteArray> data(const Node &body, const QString &field)
    {
        const QString text = body.str(field);
        if (text.isEmpty())
            return QByteArray();
        const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            problem(body.get(field)->line(), u"%1 is not base64; it is left out"_s.arg(field));
            return std::nullopt;
        }
        return *decoded;
    }

    void readCluster(const QString &name, const Node &body, int line)
    {
        if (m_config.clusters.contains(name))
            return;
        Cluster c;
        c.name = name;
        c.server = body.str(u"server");
        c.certificateAuthority = path(body.str(u"certificate-authority"));
        c.certificateAuthorityData = data(body, u"certificate-authority-data"_s).value_or(QByteArray());
        c.insecureSkipTlsVerify = body.get(u"insecure-skip-tls-verify") && body.get(u"insecure-skip-tls-verify")->toBool();
        c.tlsServerName = body.str(u"tls-server-name");
        c.proxyUrl = body.str(u"proxy-url");
        c.disableCompression = body.get(u"disable-compression") && body.get(u"disable-compression")->toBool();
        c.origin = {m_file, line};
        if (c.server.isEmpty())
            problem(line, u"cluster \"%1\" has no server address"_s.arg(name));
        m_config.clusters.insert(name, c);
    }

    void readUser(const QString &name, const Node &body, int line)
    {
        if (m_config.users.contains(name))
            return;
        User u;
        u.name = name;
        u.token = body.str(u"token");
        u.tokenFile = path(body.str(u"tokenFile"));
        u.clientCertificate = path(body.str(u"client-certificate"));
        u.clientCertificateData = data(body, u"client-certificate-data"_s).value_or(QByteArray());
        u.clientKey = path(body.str(u"client-key"));
        u.clientKeyData = data(body, u"client-key-data"_s).value_or(QByteArray());
        u.username = body.str(u"username");
        u.password = body.str(u"password");
        if (const Node *provider = body.get(u"auth-provider"))
            u.authProvider = provider->str(u"name").isEmpty() ? u"auth-provider"_s : provider->str(u"name");
        if (const Node *exec = body.get(u"exec"); exec && exec->isMap()) {
            ExecPlugin e;
            e.apiVersion = exec->str(u"apiVersion");
            e.command = exec->str(u"command");
            if (e.command.contains(u'/'))
                e.command = path(e.command);
            if (const Node *args = exec->get(u"args"); args && args->isSeq())
                for (const Node &a : args->items())
                    e.args << a.scalarText();
            if (const Node *env = exec->get(u"env"); env && env->isSeq())
                for (const Node &v : env->items())
                    e.env.append({v.str(u"name"), v.str(u"value")});
            e.installHint = exec->str(u"installHint");
            e.provideClusterInfo = exec->get(u"provideClusterInfo") && exec->get(u"provideClusterInfo")->toBool();
            e.interactiveMode = exec->str(u"interactiveMode");
            if (e.command.isEmpty())
                problem(exec->line(), u"user \"%1\": the exec plugin has no command"_s.arg(name));
            else if (e.apiVersion != u"client.authentication.k8s.io/v1"_s && e.apiVersion != u"client.authentication.k8s.io/v1beta1"_s)
                problem(exec->line(), u"user \"%1\": exec apiVersion \"%2\" is not supported; use client.authentication.k8s.io/v1 or v1beta1"_s
                                          .arg(name, e.apiVersion));
            u.exec = e;
        }
        u.origin = {m_file, line};
        m_config.users.insert(name, u);
    }

    void readContext(const QString &name, const Node &body, int line)
    {
        if (m_config.contexts.contains(name))
            return;
        m_config.contexts.insert(name, Context{name, body.str(u"cluster"), body.str(u"user"), body.str(u"namespace"), {m_file, line}});
    }

    Kubeconfig &m_config;
    QString m_file;
    QString m_dir;
};

} // namespace

Kubeconfig::Sources Kubeconfig::fromEnvironment(const QString &explicitPath)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    return {explicitPath, env.value(u"KUBECONFIG"_s), env.value(u"HOME"_s, QDir::homePath())};
}

Kubeconfig Kubeconfig::load(const Sources &sources)
{
    Kubeconfig config;
    QStringList candidates;
    bool mustExist = false;
    if (!sources.explicitPath.isEmpty()) {
        candidates << sources.explicitPath;
        mustExist = true;
    } else if (!sources.kubeconfigEnv.isEmpty()) {
        for (const QString &f : sources.kubeconfigEnv.split(u':', Qt::SkipEmptyParts))
            if (!candidates.contains(f))
                candidates << f;
    } else {
        candidates << sources.home + u"/.kube/config"_s;
    }
    for (const QString &file : std::as_const(candidates)) {
        QFile f(file);
        if (!f.exists()) {
            if (mustExist)
                config.problems.append({file, 0, u"the kubeconfig file does not exist"_s});
            continue; // client-go skips missing files of $KUBECONFIG
        }
        if (!f.open(QIODevice::ReadOnly)) {
            config.problems.append({file, 0, u"cannot be read: %1"_s.arg(f.errorString())});
            continue;
        }
        const ParsedYaml parsed = parseYaml(f.readAll(), file);
        config.files << file;
        FileReader reader(config, file);
        if (!parsed.ok()) {
            for (const YamlIssue &issue : parsed.issues)
                reader.problem(issue.line, issue.message + u" (the file is left out)"_s);
            continue;
        }
        if (!parsed.documents.empty())
            reader.read(parsed.documents.front());
    }
    if (config.files.isEmpty()) {
        config.unreadable = true;
        if (config.problems.isEmpty())
            config.problems.append({candidates.value(0), 0,
                                    u"no kubeconfig: set --kubeconfig or KUBECONFIG, or create ~/.kube/config (kubectl config set-cluster ...)"_s});
    }
    return config;
}

std::optional<Kubeconfig::Resolved> Kubeconfig::resolve(const QString &contextName, QString *error) const
{
    const QString name = contextName.isEmpty() ? currentContext : contextName;
    if (name.isEmpty()) {
        *error = u"no context chosen and the kubeconfig has no current-context"_s;
        return std::nullopt;
    }
    const auto context = contexts.constFind(name);
    if (context == contexts.constEnd()) {
        *error = u"context \"%1\" does not exist in %2"_s.arg(name, files.join(u", "_s));
        return std::nullopt;
    }
    const auto cluster = clusters.constFind(context->cluster);
    if (cluster == clusters.constEnd()) {
        *error = u"context \"%1\" (%2:%3) names cluster \"%4\", which no kubeconfig file defines"_s.arg(name, context->origin.file)
                     .arg(context->origin.line)
                     .arg(context->cluster);
        return std::nullopt;
    }
    // A context without a user is allowed (an anonymous client), as kubectl allows it.
    const User user = context->user.isEmpty() ? User{} : users.value(context->user);
    if (!context->user.isEmpty() && !users.contains(context->user)) {
        *error = u"context \"%1\" (%2:%3) names user \"%4\", which no kubeconfig file defines"_s.arg(name, context->origin.file)
                     .arg(context->origin.line)
                     .arg(context->user);
        return std::nullopt;
    }
    return Resolved{*context, *cluster, user};
}

} // namespace dc::kube
