#include "commands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("deployctl"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("modarch.org"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DC_VERSION));
    return dc::cli::run(QCoreApplication::arguments());
}
