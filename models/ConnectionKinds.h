#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Ebb {

// The settings each connection kind takes: the workspace validator and the connection
// editor read this table, so adding a kind is one entry here plus its connector.
struct SettingSpec
{
    enum class Type { String, Integer, Boolean, Object, Secret };

    QString key;
    Type type = Type::String;
    bool required = false;
    QStringList allowed; // for strings with a fixed set of values
    int minimum = 0; // for integers
    int maximum = 0;
    QString label; // for a form: "Host", "SSL mode"
    QString help; // what it is for, in a sentence (a form's tooltip and placeholder)
};

struct ConnectionKind
{
    QString name;
    bool warehouse = false; // can be a sync's source
    bool destination = false; // can be a sync's destination
    QList<SettingSpec> settings;
    QString label = {}; // for a person: "PostgreSQL", "HubSpot"

    const SettingSpec* setting(const QString& key) const;
    // Can find a sync's changes itself ("changeDetection": "warehouse"): the kinds that keep
    // the syncs' state in a schema of their own ("stateSchema").
    bool findsChanges() const { return setting(QStringLiteral("stateSchema")) != nullptr; }
};

class ConnectionKinds
{
public:
    static const QList<ConnectionKind>& all();
    static const ConnectionKind* find(const QString& name);
    static QStringList names();
};

} // namespace Ebb
