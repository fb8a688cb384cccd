// Checks a rendered kustomize overlay (deploy/kubernetes) as a cluster would take it: every
// object against the Kubernetes 1.27 API schemas (kubernetes-models 4.5.1, pinned by this
// folder's lockfile), every reference between objects resolving (ConfigMap, Secret and keys,
// PersistentVolumeClaim, Service target port, HPA and PDB targets), and what issue 33 asks of
// the pod: probes on /readyz and /healthz, resources, a non-root read-only container. Then it
// writes the configuration file and the environment the container would get, resolved from
// the rendered ConfigMap and Secret, for k8s_test.sh to start pictor with exactly those.
// Usage: node validate.mjs RENDERED.yaml OUT_DIR
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

const [file, outDir] = process.argv.slice(2);
const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS());
const failures = [];
const fail = (what) => failures.push(what);

// apiVersion "apps/v1" -> kubernetes-models/apps/v1; "v1" -> kubernetes-models/v1.
async function validateAgainstSchema(obj) {
  const module = await import(`kubernetes-models/${obj.apiVersion}`).catch(() => null);
  const Model = module && module[obj.kind];
  if (!Model) return fail(`${obj.kind} ${obj.apiVersion}: not a Kubernetes 1.27 kind`);
  try {
    new Model(obj).validate();
  } catch (e) {
    fail(`${obj.kind}/${obj.metadata?.name}: ${e.message}`);
  }
}

for (const obj of docs) await validateAgainstSchema(obj);

const byKind = (kind) => docs.filter((d) => d.kind === kind);
const find = (kind, name) => docs.find((d) => d.kind === kind && d.metadata.name === name);
const [deployment] = byKind("Deployment");
if (!deployment) fail("no Deployment");
const pod = deployment?.spec.template.spec ?? { containers: [], volumes: [] };
const container = pod.containers.find((c) => c.name === "pictor");
if (!container) fail("no container named pictor");

// References resolve.
for (const volume of pod.volumes ?? []) {
  if (volume.configMap && !find("ConfigMap", volume.configMap.name))
    fail(`volume ${volume.name}: no ConfigMap ${volume.configMap.name}`);
  if (volume.persistentVolumeClaim && !find("PersistentVolumeClaim", volume.persistentVolumeClaim.claimName))
    fail(`volume ${volume.name}: no PersistentVolumeClaim ${volume.persistentVolumeClaim.claimName}`);
}
for (const mount of container?.volumeMounts ?? [])
  if (!pod.volumes.some((v) => v.name === mount.name)) fail(`mount ${mount.name}: no such volume`);
const env = {};
for (const variable of container?.env ?? []) {
  if ("value" in variable) {
    env[variable.name] = variable.value;
    continue;
  }
  const ref = variable.valueFrom?.secretKeyRef;
  const secret = ref && find("Secret", ref.name);
  if (!secret || !(ref.key in (secret.data ?? {}))) {
    fail(`env ${variable.name}: no key ${ref?.key} in Secret ${ref?.name}`);
    continue;
  }
  env[variable.name] = Buffer.from(secret.data[ref.key], "base64").toString();
}
const selector = deployment?.spec.selector.matchLabels ?? {};
const podLabels = deployment?.spec.template.metadata.labels ?? {};
for (const [k, v] of Object.entries(selector))
  if (podLabels[k] !== v) fail(`the Deployment's selector ${k}=${v} does not match its pods`);
const matchesPods = (labels) => Object.entries(labels ?? {}).every(([k, v]) => podLabels[k] === v);
for (const service of byKind("Service")) {
  if (!matchesPods(service.spec.selector)) fail(`Service ${service.metadata.name} selects no pod`);
  for (const port of service.spec.ports)
    if (!container?.ports.some((p) => p.name === port.targetPort || p.containerPort === port.targetPort))
      fail(`Service ${service.metadata.name}: target port ${port.targetPort} is not the container's`);
}
for (const pdb of byKind("PodDisruptionBudget"))
  if (!matchesPods(pdb.spec.selector.matchLabels)) fail("the PodDisruptionBudget selects no pod");
for (const hpa of byKind("HorizontalPodAutoscaler")) {
  const target = hpa.spec.scaleTargetRef;
  if (target.kind !== "Deployment" || target.name !== deployment?.metadata.name)
    fail("the HorizontalPodAutoscaler scales something else");
  if (!hpa.spec.metrics.some((m) => m.resource?.name === "cpu"))
    fail("the HorizontalPodAutoscaler does not scale on CPU");
  if (!container?.resources?.requests?.cpu) fail("CPU autoscaling needs a CPU request");
}
for (const ingress of byKind("Ingress")) {
  if (ingress.metadata.annotations?.["nginx.ingress.kubernetes.io/upstream-hash-by"] !== "$request_uri")
    fail("the Ingress does not hash on $request_uri");
  for (const rule of ingress.spec.rules)
    for (const p of rule.http.paths)
      if (!find("Service", p.backend.service.name)) fail(`Ingress backend ${p.backend.service.name}: no Service`);
}

// What the pod must be.
const portOf = (probe) => {
  const p = probe?.httpGet?.port;
  return typeof p === "number" ? p : container?.ports.find((c) => c.name === p)?.containerPort;
};
if (container?.readinessProbe?.httpGet?.path !== "/readyz") fail("readiness is not /readyz");
if (container?.livenessProbe?.httpGet?.path !== "/healthz") fail("liveness is not /healthz");
if (!container?.resources?.requests?.memory || !container?.resources?.limits?.memory)
  fail("no memory request and limit");
const security = { ...pod.securityContext, ...container?.securityContext };
if (!security.runAsNonRoot || !security.runAsUser) fail("the pod may run as root");
if (!container?.securityContext?.readOnlyRootFilesystem) fail("the root file system is writable");
if (container?.securityContext?.allowPrivilegeEscalation !== false) fail("privilege escalation allowed");
if (pod.enableServiceLinks !== false) fail("service links would add PICTOR_PORT to the environment");

// The configuration file as mounted: the ConfigMap's pictor.toml at the --config path.
const args = container?.args ?? [];
const configPath = args[args.indexOf("--config") + 1];
const configMount = container?.volumeMounts.find((m) => configPath?.startsWith(m.mountPath + "/"));
const configVolume = pod.volumes.find((v) => v.name === configMount?.name);
const configMap = configVolume && find("ConfigMap", configVolume.configMap.name);
const toml = configMap?.data?.[path.basename(configPath ?? "")];
if (!toml) fail(`--config ${configPath} is not a file of a mounted ConfigMap`);

if (failures.length) {
  for (const f of failures) console.error("FAIL:", f);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "pictor.toml"), toml);
fs.writeFileSync(path.join(outDir, "env.json"), JSON.stringify(env));
fs.writeFileSync(
  path.join(outDir, "pod.json"),
  JSON.stringify({
    args,
    readiness: portOf(container.readinessProbe),
    liveness: portOf(container.livenessProbe),
    grace: pod.terminationGracePeriodSeconds,
    mounts: container.volumeMounts.map((m) => m.mountPath),
  }),
);
console.log(`${file}: ${docs.length} objects valid (${docs.map((d) => d.kind).join(", ")})`);
