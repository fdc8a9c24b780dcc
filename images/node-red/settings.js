/**
 * Node-RED settings of an IotLab lab. Everything comes from the environment the operator sets
 * (operator/.../NodeRedComponent.java); there is no default password: Node-RED refuses to start without one.
 *
 *   NODE_RED_HTTP_ROOT          sub-path behind the lab ingress, e.g. /node-red (editor and dashboard under it)
 *   NODE_RED_ADMIN_USERNAME     editor/admin API user (default admin)
 *   NODE_RED_ADMIN_PASSWORD     plain password from the lab Secret, bcrypt-hashed here at start   (required)
 *   NODE_RED_CREDENTIAL_SECRET  key that encrypts flows_cred.json                                  (required)
 *   NODE_RED_DASHBOARD_AUTH     "false" to serve the dashboard without the admin login (default: login required)
 *   MQTT_BROKER, MQTT_PORT, MQTT_USERNAME, MQTT_PASSWORD, INFLUXDB_URL, INFLUXDB_TOKEN, INFLUXDB_ORG,
 *   INFLUXDB_BUCKET             read by the default flows as ${VAR} (broker and InfluxDB config nodes)
 *
 * On first start (empty /data volume) the default flows shipped next to this file are copied into the user
 * directory; after that the student's deployed flows are kept.
 */
const fs = require('fs');
const path = require('path');

function fail(message) {
    // Thrown errors end Node-RED's start with "Error loading settings file" followed by this message.
    throw new Error('IotLab Node-RED: ' + message);
}

function required(name, what) {
    const value = process.env[name];
    if (value === undefined || value.trim() === '') {
        fail(name + ' is not set. It is ' + what + '; the lab Secret provides it. '
            + 'This Node-RED has no default password and does not start without one.');
    }
    return value;
}

/** bcryptjs ships with Node-RED; resolve it from Node-RED's own install, wherever this file lives. */
function bcrypt() {
    const from = [require.main && require.main.filename ? path.dirname(require.main.filename) : null,
        process.cwd(), __dirname].filter(Boolean);
    return require(require.resolve('bcryptjs', { paths: from }));
}

/** "/node-red/" or "node-red" -> "/node-red"; "" or "/" -> "/". */
function httpRoot(value) {
    const trimmed = (value || '/').trim().replace(/\/+$/, '');
    if (trimmed === '') {
        return '/';
    }
    if (!/^\/?[A-Za-z0-9._~\-\/]+$/.test(trimmed)) {
        fail('NODE_RED_HTTP_ROOT=' + value + ' is not a URL path like /node-red');
    }
    return trimmed.startsWith('/') ? trimmed : '/' + trimmed;
}

/** The --userDir / -u Node-RED was started with (the image passes --userDir /data). */
function userDir() {
    const argv = process.argv;
    for (let i = 0; i < argv.length - 1; i++) {
        if (argv[i] === '--userDir' || argv[i] === '-u') {
            return argv[i + 1];
        }
    }
    return path.join(process.env.HOME || process.cwd(), '.node-red');
}

/** Copies the default flows (and their credential references) into an empty user directory. */
function seedDefaultFlows(dir) {
    const target = path.join(dir, 'flows.json');
    if (fs.existsSync(target)) {
        return;
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(__dirname, 'flows.json'), target);
    const credentials = path.join(dir, 'flows_cred.json');
    if (!fs.existsSync(credentials)) {
        // Only ${VAR} references, no secret: Node-RED substitutes the environment and encrypts on the next deploy.
        fs.copyFileSync(path.join(__dirname, 'flows_cred.json'), credentials);
    }
    console.log('[iotlab] installed the default IotLab flows into ' + target);
}

const adminUser = (process.env.NODE_RED_ADMIN_USERNAME || 'admin').trim() || 'admin';
const adminPassword = required('NODE_RED_ADMIN_PASSWORD', 'the password of the Node-RED editor');
const credentialSecret = required('NODE_RED_CREDENTIAL_SECRET', 'the key that encrypts flow credentials');
const passwordHash = bcrypt().hashSync(adminPassword, 10);
const root = httpRoot(process.env.NODE_RED_HTTP_ROOT);
const dashboardAuth = (process.env.NODE_RED_DASHBOARD_AUTH || 'true').trim().toLowerCase() !== 'false';

seedDefaultFlows(userDir());

module.exports = {
    flowFile: 'flows.json',
    flowFilePretty: true,
    credentialSecret: credentialSecret,

    uiPort: parseInt(process.env.PORT || '1880', 10),
    httpAdminRoot: root,
    httpNodeRoot: root,

    adminAuth: {
        type: 'credentials',
        users: [{ username: adminUser, password: passwordHash, permissions: '*' }]
    },
    // The dashboard and any HTTP-in endpoints of the flows: the same login as the editor unless disabled.
    httpNodeAuth: dashboardAuth ? { user: adminUser, pass: passwordHash } : undefined,

    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
    exportGlobalContextKeys: false,
    externalModules: {
        autoInstall: false,
        palette: { allowInstall: true, allowUpload: false },
        modules: { allowInstall: true }
    },
    functionExternalModules: true,
    functionTimeout: 0,
    debugMaxLength: 1000,
    mqttReconnectTime: 5000,
    editorTheme: {
        page: { title: 'IotLab Node-RED' },
        header: { title: 'IotLab Node-RED' },
        projects: { enabled: false },
        tours: false,
        palette: {},
        codeEditor: { lib: 'monaco' }
    }
};
