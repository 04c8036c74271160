// Rancher's `rke-cis-1.4` benchmark (CIS Kubernetes Benchmark 1.4 as adapted by Rancher for RKE clusters),
// as shipped in the rancher/security-scan image under cfg/rke-cis-1.4/{master,etcd,node}.yaml.
//
// Sources (public): rancher/security-scan package/cfg/rke-cis-1.4/{master,etcd,node}.yaml for every check
// Rancher defines (RKE-specific audits under /node, `type: skip` for what RKE does not have, Rancher's
// remediation texts); aquasecurity/kube-bench cfg/1.13/{master,node}.yaml (= CIS 1.4) for the Not Scored
// checks Rancher's files leave out (1.1.1, 1.1.13, 1.1.30, 1.4.9, 1.4.10, 1.5.7, 1.6.x, 1.7.1, 1.7.6, 1.7.7,
// 2.1.14); Rancher's CIS 1.4 docs for 1.7.2-1.7.5, which Rancher scores (kubectl audits of the cluster's
// PodSecurityPolicies) where upstream kube-bench marks them manual.
//
// Not included: 1.1.12 (DenyEscalatingExec admission plugin, deprecated since Kubernetes 1.13): Rancher's
// rke-cis-1.4 does not define it, and Rancher's own numbers for this benchmark (97 scored tests: permissive
// 63 pass + 15 skipped + 19 not applicable) only add up without it.
//
// Rancher splits the benchmark in three targets: master (1.1-1.4, 1.6, 1.7; run on controlplane nodes),
// etcd (1.4.11, 1.4.12, the PKI checks 1.4.19-1.4.21 again, and 1.5; run on etcd nodes) and node (2.x; run
// on every node that runs a kubelet, which on RKE is every node).
import type { BenchmarkDef, CheckDef, Tests } from "../types";

const PS_APISERVER = "/bin/ps -ef | grep $apiserverbin | grep -v grep";
const PS_SCHEDULER = "/bin/ps -ef | grep $schedulerbin | grep -v grep";
const PS_CONTROLLER = "/bin/ps -ef | grep $controllermanagerbin | grep -v grep";
const PS_ETCD = "/bin/ps -ef | grep $etcdbin | grep -v grep";
const PS_KUBELET = "ps -fC $kubeletbin";

const statPerm = (file: string) => `/bin/sh -c 'if test -e ${file}; then stat -c %a ${file}; fi'`;
const statOwner = (file: string) => `/bin/sh -c 'if test -e ${file}; then stat -c %U:%G ${file}; fi'`;

const perm644: Tests = {
  bin_op: "or",
  test_items: [
    { flag: "644", compare: { op: "eq", value: "644" }, set: true },
    { flag: "640", compare: { op: "eq", value: "640" }, set: true },
    { flag: "600", compare: { op: "eq", value: "600" }, set: true },
  ],
};
const rootRoot: Tests = { test_items: [{ flag: "root:root", compare: { op: "eq", value: "root:root" }, set: true }] };
const rootRootPresent: Tests = { test_items: [{ flag: "root:root", set: true }] };
const scriptTrue: Tests = { test_items: [{ flag: "true", compare: { op: "eq", value: "true" }, set: true }] };
const flagSet = (flag: string): Tests => ({ test_items: [{ flag, set: true }] });
const flagUnset = (flag: string): Tests => ({ test_items: [{ flag, set: false }] });
const flagEq = (flag: string, value: string): Tests => ({ test_items: [{ flag, compare: { op: "eq", value }, set: true }] });
const flagHas = (flag: string, value: string): Tests => ({ test_items: [{ flag, compare: { op: "has", value }, set: true }] });
const pspCount = (field: string): string =>
  `kubectl --kubeconfig=/root/.kube/config get psp -o json | jq .items[] | jq -r 'select((.spec.${field} == null) or (.spec.${field} == false))' | jq .metadata.name | wc -l | xargs -I {} echo '--count={}'`;
const countGt0: Tests = { test_items: [{ flag: "--count", compare: { op: "gt", value: "0" }, set: true }] };

const RKE_NO_CONF_APISERVER = `Cluster provisioned by RKE doesn't require or maintain a configuration file for kube-apiserver.
All configuration is passed in as arguments at container run time.
`;
const RKE_NO_CONF_KUBELET = `Cluster provisioned by RKE doesn't require or maintain a configuration file for kubelet.
All configuration is passed in as arguments at container run time.
`;
const KUBELET_RESTART = `Based on your system, restart the kubelet service. For example:
systemctl daemon-reload
systemctl restart kubelet.service
`;
const STRONG_CIPHERS =
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_GCM_SHA256";

// ---------------------------------------------------------------------------------------------- 1.1 API Server
const apiServer: CheckDef[] = [
  {
    id: "1.1.1",
    text: "Ensure that the --anonymous-auth argument is set to false (Not Scored)",
    audit: PS_APISERVER,
    tests: flagEq("--anonymous-auth", "false"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the below parameter.
--anonymous-auth=false
`,
    scored: false,
  },
  {
    id: "1.1.2",
    text: "Ensure that the --basic-auth-file argument is not set (Scored)",
    audit: PS_APISERVER,
    tests: flagUnset("--basic-auth-file"),
    remediation: `Follow the documentation and configure alternate mechanisms for authentication. Then,
edit the API server pod specification file $apiserverconf
on the master node and remove the --basic-auth-file=<filename>
parameter.
`,
    scored: true,
  },
  {
    id: "1.1.3",
    text: "Ensure that the --insecure-allow-any-token argument is not set (Scored)",
    audit: PS_APISERVER,
    tests: flagUnset("--insecure-allow-any-token"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and remove the --insecure-allow-any-token
parameter.
`,
    scored: true,
  },
  {
    id: "1.1.4",
    text: "Ensure that the --kubelet-https argument is set to true (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--kubelet-https", compare: { op: "eq", value: "true" }, set: true },
        { flag: "--kubelet-https", set: false },
      ],
    },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and remove the --kubelet-https parameter.
`,
    scored: true,
  },
  {
    id: "1.1.5",
    text: "Ensure that the --insecure-bind-address argument is not set (Scored)",
    audit: PS_APISERVER,
    tests: flagUnset("--insecure-bind-address"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and remove the --insecure-bind-address
parameter.
`,
    scored: true,
  },
  {
    id: "1.1.6",
    text: "Ensure that the --insecure-port argument is set to 0 (Scored)",
    audit: PS_APISERVER,
    tests: flagEq("--insecure-port", "0"),
    remediation: `Edit the API server pod specification file $apiserverconf
apiserver.yaml on the master node and set the below parameter.
--insecure-port=0
`,
    scored: true,
  },
  {
    id: "1.1.7",
    text: "Ensure that the --secure-port argument is not set to 0 (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--secure-port", compare: { op: "gt", value: "0" }, set: true },
        { flag: "--secure-port", set: false },
      ],
    },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and either remove the --secure-port parameter or
set it to a different (non-zero) desired port.
`,
    scored: true,
  },
  {
    id: "1.1.8",
    text: "Ensure that the --profiling argument is set to false (Scored)",
    audit: PS_APISERVER,
    tests: flagEq("--profiling", "false"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the below parameter.
--profiling=false
`,
    scored: true,
  },
  {
    id: "1.1.9",
    text: "Ensure that the --repair-malformed-updates argument is set to false (Scored)",
    audit: PS_APISERVER,
    tests: flagEq("--repair-malformed-updates", "false"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the below parameter.
--repair-malformed-updates=false
`,
    scored: true,
  },
  {
    id: "1.1.10",
    text: "Ensure that the admission control plugin AlwaysAdmit is not set (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--enable-admission-plugins", compare: { op: "nothave", value: "AlwaysAdmit" }, set: true },
        { flag: "--enable-admission-plugins", set: false },
      ],
    },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --enable-admission-plugins parameter to a
value that does not include AlwaysAdmit.
`,
    scored: true,
  },
  {
    id: "1.1.11",
    text: "Ensure that the admission control plugin AlwaysPullImages is set (Scored)",
    audit: PS_APISERVER,
    tests: flagHas("--enable-admission-plugins", "AlwaysPullImages"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --enable-admission-plugins to
include AlwaysPullImages.
--enable-admission-plugins=...,AlwaysPullImages,...
`,
    scored: true,
  },
  {
    id: "1.1.13",
    text: "Ensure that the admission control plugin SecurityContextDeny is set (Not Scored)",
    audit: PS_APISERVER,
    tests: flagHas("--enable-admission-plugins", "SecurityContextDeny"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --enable-admission-plugins parameter to
include SecurityContextDeny.
--enable-admission-plugins=...,SecurityContextDeny,...
`,
    scored: false,
  },
  {
    id: "1.1.14",
    text: "Ensure that the admission control plugin NamespaceLifecycle is set (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--disable-admission-plugins", compare: { op: "nothave", value: "NamespaceLifecycle" }, set: true },
        { flag: "--disable-admission-plugins", set: false },
      ],
    },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --disable-admission-plugins parameter to
ensure it does not include NamespaceLifecycle.
--disable-admission-plugins=...,NamespaceLifecycle,...
`,
    scored: true,
  },
  {
    id: "1.1.15",
    text: "Ensure that the --audit-log-path argument is set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: flagSet("--audit-log-path"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --audit-log-path parameter to a suitable
path and file where you would like audit logs to be written, for example:
--audit-log-path=/var/log/apiserver/audit.log
`,
    scored: true,
  },
  {
    id: "1.1.16",
    text: "Ensure that the --audit-log-maxage argument is set to 30 or as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: { test_items: [{ flag: "--audit-log-maxage", compare: { op: "gte", value: "30" }, set: true }] },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --audit-log-maxage parameter to 30 or
as an appropriate number of days: --audit-log-maxage=30
`,
    scored: true,
  },
  {
    id: "1.1.17",
    text: "Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: { test_items: [{ flag: "--audit-log-maxbackup", compare: { op: "gte", value: "10" }, set: true }] },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --audit-log-maxbackup parameter to 10
or to an appropriate value.
--audit-log-maxbackup=10
`,
    scored: true,
  },
  {
    id: "1.1.18",
    text: "Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: { test_items: [{ flag: "--audit-log-maxsize", compare: { op: "gte", value: "100" }, set: true }] },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --audit-log-maxsize parameter to an
appropriate size in MB. For example, to set it as 100 MB:
--audit-log-maxsize=100
`,
    scored: true,
  },
  {
    id: "1.1.19",
    text: "Ensure that the --authorization-mode argument is not set to AlwaysAllow (Scored)",
    audit: PS_APISERVER,
    tests: { test_items: [{ flag: "--authorization-mode", compare: { op: "nothave", value: "AlwaysAllow" }, set: true }] },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --authorization-mode parameter to
values other than AlwaysAllow. One such example could be as below.
--authorization-mode=RBAC
`,
    scored: true,
  },
  {
    id: "1.1.20",
    text: "Ensure that the --token-auth-file parameter is not set (Scored)",
    audit: PS_APISERVER,
    tests: flagUnset("--token-auth-file"),
    remediation: `Follow the documentation and configure alternate mechanisms for authentication. Then,
edit the API server pod specification file $apiserverconf
on the master node and remove the --token-auth-file=<filename>
parameter.
`,
    scored: true,
  },
  {
    id: "1.1.21",
    text: "Ensure that the --kubelet-certificate-authority argument is set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: flagSet("--kubelet-certificate-authority"),
    remediation: `Follow the Kubernetes documentation and setup the TLS connection between the
apiserver and kubelets. Then, edit the API server pod specification file
$apiserverconf on the master node and set the --kubelet-certificate-authority
parameter to the path to the cert file for the certificate authority.
--kubelet-certificate-authority=<ca-string>
`,
    scored: true,
  },
  {
    id: "1.1.22",
    text: "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "and",
      test_items: [
        { flag: "--kubelet-client-certificate", set: true },
        { flag: "--kubelet-client-key", set: true },
      ],
    },
    remediation: `Follow the Kubernetes documentation and set up the TLS connection between the
apiserver and kubelets. Then, edit API server pod specification file
$apiserverconf on the master node and set the
kubelet client certificate and key parameters as below.
--kubelet-client-certificate=<path/to/client-certificate-file>
--kubelet-client-key=<path/to/client-key-file>
`,
    scored: true,
  },
  {
    id: "1.1.23",
    text: "Ensure that the --service-account-lookup argument is set to true (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--service-account-lookup", set: false },
        { flag: "--service-account-lookup", compare: { op: "eq", value: "true" }, set: true },
      ],
    },
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the below parameter.
--service-account-lookup=true
`,
    scored: true,
  },
  {
    id: "1.1.24",
    text: "Ensure that the admission control plugin PodSecurityPolicy is set (Scored)",
    audit: PS_APISERVER,
    tests: flagHas("--enable-admission-plugins", "PodSecurityPolicy"),
    remediation: `Follow the documentation and create Pod Security Policy objects as per your environment.
Then, edit the API server pod specification file $apiserverconf
on the master node and set the --enable-admission-plugins parameter to a
value that includes PodSecurityPolicy :
--enable-admission-plugins=...,PodSecurityPolicy,...
Then restart the API Server.
`,
    scored: true,
  },
  {
    id: "1.1.25",
    text: "Ensure that the --service-account-key-file argument is set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: flagSet("--service-account-key-file"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --service-account-key-file parameter
to the public key file for service accounts:
--service-account-key-file=<filename>
`,
    scored: true,
  },
  {
    id: "1.1.26",
    text: "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "and",
      test_items: [
        { flag: "--etcd-certfile", set: true },
        { flag: "--etcd-keyfile", set: true },
      ],
    },
    remediation: `Follow the Kubernetes documentation and set up the TLS connection between the
apiserver and etcd. Then, edit the API server pod specification file
$apiserverconf on the master node and set the etcd
certificate and key file parameters.
--etcd-certfile=<path/to/client-certificate-file>
--etcd-keyfile=<path/to/client-key-file>
`,
    scored: true,
  },
  {
    id: "1.1.27",
    text: "Ensure that the admission control plugin ServiceAccount is set(Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--enable-admission-plugins", compare: { op: "has", value: "ServiceAccount" }, set: true },
        { flag: "--enable-admission-plugins", set: false },
      ],
    },
    remediation: `Follow the documentation and create ServiceAccount objects as per your environment.
Then, edit the API server pod specification file $apiserverconf
on the master node and set the --enable-admission-plugins parameter to a
value that includes ServiceAccount.
--enable-admission-plugins=...,ServiceAccount,...
`,
    scored: true,
  },
  {
    id: "1.1.28",
    text: "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "and",
      test_items: [
        { flag: "--tls-cert-file", set: true },
        { flag: "--tls-private-key-file", set: true },
      ],
    },
    remediation: `Follow the Kubernetes documentation and set up the TLS connection on the apiserver.
Then, edit the API server pod specification file $apiserverconf
on the master node and set the TLS certificate and private key file
parameters.
--tls-cert-file=<path/to/tls-certificate-file>
--tls-private-key-file=<path/to/tls-key-file>
`,
    scored: true,
  },
  {
    id: "1.1.29",
    text: "Ensure that the --client-ca-file argument is set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: flagSet("--client-ca-file"),
    remediation: `Follow the Kubernetes documentation and set up the TLS connection on the apiserver.
Then, edit the API server pod specification file $apiserverconf
on the master node and set the client certificate authority file.
--client-ca-file=<path/to/client-ca-file>
`,
    scored: true,
  },
  {
    id: "1.1.30",
    text: "Ensure that the API Server only makes use of Strong Cryptographic Ciphers (Not Scored)",
    audit: PS_APISERVER,
    tests: flagHas("--tls-cipher-suites", STRONG_CIPHERS),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the below parameter.
--tls-cipher- suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM _SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM _SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_AES_256_GCM _SHA384,TLS_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_GCM_SHA256
`,
    scored: false,
  },
  {
    id: "1.1.31",
    text: "Ensure that the --etcd-cafile argument is set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: flagSet("--etcd-cafile"),
    remediation: `Follow the Kubernetes documentation and set up the TLS connection between the
apiserver and etcd. Then, edit the API server pod specification file
$apiserverconf on the master node and set the etcd
certificate authority file parameter.
--etcd-cafile=<path/to/ca-file>
`,
    scored: true,
  },
  {
    id: "1.1.32",
    text: "Ensure that the --authorization-mode argument is set to Node (Scored)",
    audit: PS_APISERVER,
    tests: flagHas("--authorization-mode", "Node"),
    remediation: `Edit the API server pod specification file $apiserverconf
on the master node and set the --authorization-mode parameter to a
value that includes Node.
--authorization-mode=Node,RBAC
`,
    scored: true,
  },
  {
    id: "1.1.33",
    text: "Ensure that the admission control plugin NodeRestriction is set (Scored)",
    audit: PS_APISERVER,
    tests: flagHas("--enable-admission-plugins", "NodeRestriction"),
    remediation: `Follow the Kubernetes documentation and configure NodeRestriction plug-in on
kubelets. Then, edit the API server pod specification file $apiserverconf
on the master node and set the --enable-admission-plugins parameter to a
value that includes NodeRestriction.
--enable-admission-plugins=...,NodeRestriction,...
`,
    scored: true,
  },
  {
    id: "1.1.34",
    text: "Ensure that the --encryption-provider-config argument is set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: flagSet("--encryption-provider-config"),
    remediation: `Follow the Kubernetes documentation and configure a EncryptionConfig file.
Then, edit the API server pod specification file $apiserverconf on the
master node and set the --encryption-provider-config parameter
to the path of that file:
--encryption-provider-config=</path/to/EncryptionConfig/File>
`,
    scored: true,
  },
  {
    id: "1.1.35",
    text: "Ensure that the encryption provider is set to aescbc (Scored)",
    audit: "check_encryption_provider_config.sh",
    tests: scriptTrue,
    remediation: `Follow the Kubernetes documentation and configure a EncryptionConfig file. In this file,
choose aescbc as the encryption provider.
For example,
kind: EncryptionConfig
apiVersion: v1
resources:
  - resources:
    - secrets
      providers:
      - aescbc:
          keys:
          - name: key1
            secret: <32-byte base64-encoded secret>
`,
    scored: true,
  },
  {
    id: "1.1.36",
    text: "Ensure that the admission control plugin EventRateLimit is set (Scored)",
    audit: PS_APISERVER,
    tests: flagHas("--enable-admission-plugins", "EventRateLimit"),
    remediation: `Follow the Kubernetes documentation and set the desired limits in a
configuration file. Then, edit the API server pod specification file
$apiserverconf and set the below parameters.
--enable-admission-plugins=...,EventRateLimit,...
--admission-control-config-file=<path/to/configuration/file>
`,
    scored: true,
  },
  {
    id: "1.1.37a",
    text: "Ensure that the AdvancedAuditing argument is not set to false (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--feature-gates", compare: { op: "nothave", value: "AdvancedAuditing=false" }, set: true },
        { flag: "--feature-gates", set: false },
      ],
    },
    remediation: `Follow the Kubernetes documentation and set the desired audit policy in the
/etc/kubernetes/audit-policy.yaml file. Then, edit the API server pod specification file $apiserverconf
and set the below parameters.
--audit-policy-file=/etc/kubernetes/audit-policy.yaml
`,
    scored: true,
  },
  {
    id: "1.1.37b",
    text: "Ensure that the AdvancedAuditing argument is not set to false (Scored)",
    audit: PS_APISERVER,
    tests: flagEq("--audit-policy-file", "/etc/kubernetes/audit-policy.yaml"),
    remediation: `Follow the Kubernetes documentation and set the desired audit policy in the
/etc/kubernetes/audit-policy.yaml file. Then, edit the API server pod specification file $apiserverconf
and set the below parameters.
--audit-policy-file=/etc/kubernetes/audit-policy.yaml
`,
    scored: true,
  },
  {
    id: "1.1.38",
    text: "Ensure that the --request-timeout argument is set as appropriate (Scored)",
    audit: PS_APISERVER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--request-timeout", set: false },
        { flag: "--request-timeout", set: true },
      ],
    },
    remediation: `Edit the API server pod specification file $apiserverconf
and set the below parameter as appropriate and if needed. For example,
--request-timeout=300s
`,
    scored: true,
  },
  {
    id: "1.1.39",
    text: "Ensure that the --authorization-mode argument includes RBAC (Scored)",
    audit: PS_APISERVER,
    tests: flagHas("--authorization-mode", "RBAC"),
    remediation: `Edit the API server pod specification file $apiserverbin on the master node and set the --authorization-mode parameter to a value that includes RBAC, for example: --authorization-mode=Node,RBAC
`,
    scored: true,
  },
];

// ---------------------------------------------------------------------------------------------- 1.2 Scheduler
const scheduler: CheckDef[] = [
  {
    id: "1.2.1",
    text: "Ensure that the --profiling argument is set to false (Scored)",
    audit: PS_SCHEDULER,
    tests: flagEq("--profiling", "false"),
    remediation: `Edit the Scheduler pod specification file $schedulerconf
file on the master node and set the below parameter.
--profiling=false
`,
    scored: true,
  },
  {
    id: "1.2.2",
    text: "Ensure that the --address argument is set to 127.0.0.1 (Scored)",
    audit: PS_SCHEDULER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--address", compare: { op: "eq", value: "127.0.0.1" }, set: true },
        { flag: "--address", set: false },
      ],
    },
    remediation: `Edit the Scheduler pod specification file $schedulerconf
file on the master node and ensure the correct value for the
--address parameter.
`,
    scored: true,
  },
];

// ---------------------------------------------------------------------------------------------- 1.3 Controller Manager
const controllerManager: CheckDef[] = [
  {
    id: "1.3.1",
    text: "Ensure that the --terminated-pod-gc-threshold argument is set as appropriate (Scored)",
    audit: PS_CONTROLLER,
    tests: flagSet("--terminated-pod-gc-threshold"),
    remediation: `Edit the Controller Manager pod specification file $controllermanagerconf
on the master node and set the --terminated-pod-gc-threshold to an appropriate threshold, for example:
--terminated-pod-gc-threshold=10
`,
    scored: true,
  },
  {
    id: "1.3.2",
    text: "Ensure that the --profiling argument is set to false (Scored)",
    audit: PS_CONTROLLER,
    tests: flagEq("--profiling", "false"),
    remediation: `Edit the Controller Manager pod specification file $controllermanagerconf
on the master node and set the below parameter.
--profiling=false
`,
    scored: true,
  },
  {
    id: "1.3.3",
    text: "Ensure that the --use-service-account-credentials argument is set to true (Scored)",
    audit: PS_CONTROLLER,
    tests: { test_items: [{ flag: "--use-service-account-credentials", compare: { op: "noteq", value: "false" }, set: true }] },
    remediation: `Edit the Controller Manager pod specification file $controllermanagerconf
on the master node to set the below parameter.
--use-service-account-credentials=true
`,
    scored: true,
  },
  {
    id: "1.3.4",
    text: "Ensure that the --service-account-private-key-file argument is set as appropriate (Scored)",
    audit: PS_CONTROLLER,
    tests: flagSet("--service-account-private-key-file"),
    remediation: `Edit the Controller Manager pod specification file $controllermanagerconf
on the master node and set the --service-account-private-
key-file parameter to the private key file for service accounts.
--service-account-private-key-file=<filename>
`,
    scored: true,
  },
  {
    id: "1.3.5",
    text: "Ensure that the --root-ca-file argument is set as appropriate (Scored)",
    audit: PS_CONTROLLER,
    tests: flagSet("--root-ca-file"),
    remediation: `Edit the Controller Manager pod specification file $controllermanagerconf
on the master node and set the --root-ca-file parameter to
the certificate bundle file.
--root-ca-file=<path/to/file>
`,
    scored: true,
  },
  {
    id: "1.3.6",
    text: "Ensure that the RotateKubeletServerCertificate argument is set to true (Scored)",
    audit: PS_CONTROLLER,
    tests: flagEq("--feature-gates", "RotateKubeletServerCertificate=true"),
    remediation: `Edit the Controller Manager pod specification file $controllermanagerconf
controller-manager.yaml on the master node and set the --feature-gates parameter to
include RotateKubeletServerCertificate=true.
--feature-gates=RotateKubeletServerCertificate=true
`,
    scored: true,
  },
  {
    id: "1.3.7",
    text: "Ensure that the --address argument is set to 127.0.0.1 (Scored)",
    audit: PS_CONTROLLER,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--address", compare: { op: "eq", value: "127.0.0.1" }, set: true },
        { flag: "--address", set: false },
      ],
    },
    remediation: `Edit the Controller Manager pod specification file $controllermanagerconf
controller-manager.yaml on the master node and ensure the correct value
for the --address parameter.
`,
    scored: true,
  },
];

// ---------------------------------------------------------------------------------------------- 1.4 Configuration Files
const PKI_CHECKS: CheckDef[] = [
  {
    id: "1.4.19",
    text: "Ensure that the Kubernetes PKI directory and file ownership is set to root:root (Scored)",
    audit: "check_files_owner_in_dir.sh /node/etc/kubernetes/ssl",
    tests: scriptTrue,
    remediation: `Run the below command (based on the file location on your system) on the master node.
For example, chown -R root:root /etc/kubernetes/pki/
`,
    scored: true,
  },
  {
    id: "1.4.20",
    text: "Ensure that the Kubernetes PKI certificate file permissions are set to 644 or more restrictive (Scored)",
    audit: "check_files_permissions.sh /node/etc/kubernetes/ssl/!(*key).pem",
    tests: scriptTrue,
    remediation: `Run the below command (based on the file location on your system) on the master node.
For example, chmod -R 644 /etc/kubernetes/ssl/!(*key).pem
`,
    scored: true,
  },
  {
    id: "1.4.21",
    text: "Ensure that the Kubernetes PKI certificate file permissions are set to 600 or more restrictive (Scored)",
    audit: "check_files_permissions.sh /node/etc/kubernetes/ssl/*key.pem 600",
    tests: scriptTrue,
    remediation: `Run the below command (based on the file location on your system) on the master node.
For example, chmod -R 600 /etc/kubernetes/ssl/*key.pem
`,
    scored: true,
  },
];

const masterConfigFiles: CheckDef[] = [
  {
    id: "1.4.1",
    type: "skip",
    text: "Ensure that the API server pod specification file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("$apiserverconf"),
    tests: perm644,
    remediation: RKE_NO_CONF_APISERVER,
    scored: true,
  },
  {
    id: "1.4.2",
    type: "skip",
    text: "Ensure that the API server pod specification file ownership is set to root:root (Scored)",
    audit: statOwner("$apiserverconf"),
    tests: rootRoot,
    remediation: RKE_NO_CONF_APISERVER,
    scored: true,
  },
  {
    id: "1.4.3",
    type: "skip",
    text: "Ensure that the controller manager pod specification file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("$controllermanagerconf"),
    tests: perm644,
    remediation: RKE_NO_CONF_APISERVER,
    scored: true,
  },
  {
    id: "1.4.4",
    type: "skip",
    text: "Ensure that the controller manager pod specification file ownership is set to root:root (Scored)",
    audit: statOwner("$controllermanagerconf"),
    tests: rootRoot,
    remediation: RKE_NO_CONF_APISERVER,
    scored: true,
  },
  {
    id: "1.4.5",
    type: "skip",
    text: "Ensure that the scheduler pod specification file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("$schedulerconf"),
    tests: perm644,
    remediation: RKE_NO_CONF_APISERVER,
    scored: true,
  },
  {
    id: "1.4.6",
    type: "skip",
    text: "Ensure that the scheduler pod specification file ownership is set to root:root (Scored)",
    audit: statOwner("$schedulerconf"),
    tests: rootRoot,
    remediation: RKE_NO_CONF_APISERVER,
    scored: true,
  },
  {
    id: "1.4.7",
    type: "skip",
    text: "Ensure that the etcd pod specification file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("$etcdconf"),
    tests: perm644,
    remediation: RKE_NO_CONF_APISERVER,
    scored: true,
  },
  {
    id: "1.4.8",
    type: "skip",
    text: "Ensure that the etcd pod specification file ownership is set to root:root (Scored)",
    audit: statOwner("$etcdconf"),
    tests: rootRoot,
    remediation: RKE_NO_CONF_APISERVER,
    scored: true,
  },
  {
    id: "1.4.9",
    type: "manual",
    text: "Ensure that the Container Network Interface file permissions are set to 644 or more restrictive (Not Scored)",
    audit: "stat -c %a <path/to/cni/files>",
    remediation: `Run the below command (based on the file location on your system) on the master node.
For example,
chmod 644 <path/to/cni/files>
`,
    scored: false,
  },
  {
    id: "1.4.10",
    type: "manual",
    text: "Ensure that the Container Network Interface file ownership is set to root:root (Not Scored)",
    audit: "stat -c %U:%G <path/to/cni/files>",
    remediation: `Run the below command (based on the file location on your system) on the master node.
For example,
chown root:root <path/to/cni/files>
`,
    scored: false,
  },
  {
    id: "1.4.13",
    type: "skip",
    text: "Ensure that the admin.conf file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("/etc/kubernetes/admin.conf"),
    tests: perm644,
    remediation: `RKE does not store the kubernetes default kubeconfig credentials file on the nodes.
`,
    scored: true,
  },
  {
    id: "1.4.14",
    type: "skip",
    text: "Ensure that the admin.conf file ownership is set to root:root (Scored)",
    audit: statOwner("/etc/kubernetes/admin.conf"),
    tests: rootRoot,
    remediation: `RKE does not store the kubernetes default kubeconfig credentials file on the nodes.
`,
    scored: true,
  },
  {
    id: "1.4.15",
    text: "Ensure that the scheduler.conf file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("/node/etc/kubernetes/ssl/kubecfg-kube-scheduler.yaml"),
    tests: perm644,
    remediation: `Run the below command (based on the file location on your system) on the
master node. For example, chmod 644 /etc/kubernetes/scheduler.conf
`,
    scored: true,
  },
  {
    id: "1.4.16",
    text: "Ensure that the scheduler.conf file ownership is set to root:root (Scored)",
    audit: statOwner("/node/etc/kubernetes/ssl/kubecfg-kube-scheduler.yaml"),
    tests: rootRoot,
    remediation: `Run the below command (based on the file location on your system) on the
master node. For example, chown root:root /etc/kubernetes/scheduler.conf
`,
    scored: true,
  },
  {
    id: "1.4.17",
    text: "Ensure that the controller-manager.conf file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("/node/etc/kubernetes/ssl/kubecfg-kube-controller-manager.yaml"),
    tests: perm644,
    remediation: `Run the below command (based on the file location on your system) on the
master node. For example, chmod 644 /etc/kubernetes/controller-manager.conf
`,
    scored: true,
  },
  {
    id: "1.4.18",
    text: "Ensure that the controller-manager.conf file ownership is set to root:root (Scored)",
    audit: statOwner("/node/etc/kubernetes/ssl/kubecfg-kube-controller-manager.yaml"),
    tests: rootRoot,
    remediation: `Run the below command (based on the file location on your system) on the
master node. For example, chown root:root /etc/kubernetes/controller-manager.conf
`,
    scored: true,
  },
  ...PKI_CHECKS,
];

// ---------------------------------------------------------------------------------------------- 1.6 General Security Primitives
const generalSecurityPrimitives: CheckDef[] = [
  {
    id: "1.6.1",
    type: "manual",
    text: "Ensure that the cluster-admin role is only used where required (Not Scored)",
    audit: "",
    remediation: `Remove any unneeded clusterrolebindings :
kubectl delete clusterrolebinding [name]
`,
    scored: false,
  },
  {
    id: "1.6.2",
    type: "manual",
    text: "Create administrative boundaries between resources using namespaces (Not Scored)",
    audit: "",
    remediation: `Follow the documentation and create namespaces for objects in your deployment as you
need them.
`,
    scored: false,
  },
  {
    id: "1.6.3",
    type: "manual",
    text: "Create network segmentation using Network Policies (Not Scored)",
    audit: "",
    remediation: `Follow the documentation and create NetworkPolicy objects as you need them.
`,
    scored: false,
  },
  {
    id: "1.6.4",
    type: "manual",
    text: "Ensure that the seccomp profile is set to docker/default in your pod definitions (Not Scored)",
    audit: "",
    remediation: `Seccomp is an alpha feature currently. By default, all alpha features are disabled. So, you
would need to enable alpha features in the apiserver by passing "--feature-
gates=AllAlpha=true" argument.
Edit the $apiserverconf file on the master node and set the KUBE_API_ARGS
parameter to "--feature-gates=AllAlpha=true"
KUBE_API_ARGS="--feature-gates=AllAlpha=true"
Based on your system, restart the kube-apiserver service. For example:
systemctl restart kube-apiserver.service
Use annotations to enable the docker/default seccomp profile in your pod definitions. An
example is as below:
apiVersion: v1
kind: Pod
metadata:
  name: trustworthy-pod
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: docker/default
spec:
  containers:
    - name: trustworthy-container
      image: sotrustworthy:latest
`,
    scored: false,
  },
  {
    id: "1.6.5",
    type: "manual",
    text: "Apply Security Context to Your Pods and Containers (Not Scored)",
    audit: "",
    remediation: `Follow the Kubernetes documentation and apply security contexts to your pods. For a
suggested list of security contexts, you may refer to the CIS Security Benchmark for Docker
Containers.
`,
    scored: false,
  },
  {
    id: "1.6.6",
    type: "manual",
    text: "Configure Image Provenance using ImagePolicyWebhook admission controller (Not Scored)",
    audit: "",
    remediation: `Follow the Kubernetes documentation and setup image provenance.
`,
    scored: false,
  },
  {
    id: "1.6.7",
    type: "manual",
    text: "Configure Network policies as appropriate (Not Scored)",
    audit: "",
    remediation: `Follow the Kubernetes documentation and setup network policies as appropriate.
For example, you could create a "default" isolation policy for a Namespace by creating a
NetworkPolicy that selects all pods but does not allow any traffic:
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
spec:
  podSelector:
`,
    scored: false,
  },
  {
    id: "1.6.8",
    type: "manual",
    text: "Place compensating controls in the form of PSP and RBAC for privileged containers usage (Not Scored)",
    audit: "",
    remediation: `Follow Kubernetes documentation and setup PSP and RBAC authorization for your cluster.
`,
    scored: false,
  },
];

// ---------------------------------------------------------------------------------------------- 1.7 PodSecurityPolicies
const podSecurityPolicies: CheckDef[] = [
  {
    id: "1.7.1",
    type: "manual",
    text: "Do not admit privileged containers (Not Scored)",
    audit: "",
    remediation: `Create a PSP as described in the Kubernetes documentation, ensuring that the .spec.privileged field is omitted or set to false.
`,
    scored: false,
  },
  {
    id: "1.7.2",
    text: "Do not admit containers wishing to share the host process ID namespace (Scored)",
    audit: pspCount("hostPID"),
    tests: countGt0,
    remediation: `Create a PSP as described in the Kubernetes documentation, ensuring that the .spec.hostPID field is omitted or set to false.
`,
    scored: true,
  },
  {
    id: "1.7.3",
    text: "Do not admit containers wishing to share the host IPC namespace (Scored)",
    audit: pspCount("hostIPC"),
    tests: countGt0,
    remediation: `Create a PSP as described in the Kubernetes documentation, ensuring that the .spec.hostIPC field is omitted or set to false.
`,
    scored: true,
  },
  {
    id: "1.7.4",
    text: "Do not admit containers wishing to share the host network namespace (Scored)",
    audit: pspCount("hostNetwork"),
    tests: countGt0,
    remediation: `Create a PSP as described in the Kubernetes documentation, ensuring that the .spec.hostNetwork field is omitted or set to false.
`,
    scored: true,
  },
  {
    id: "1.7.5",
    text: " Do not admit containers with allowPrivilegeEscalation (Scored)",
    audit: pspCount("allowPrivilegeEscalation"),
    tests: countGt0,
    remediation: `Create a PSP as described in the Kubernetes documentation, ensuring that the .spec.allowPrivilegeEscalation field is omitted or set to false.
`,
    scored: true,
  },
  {
    id: "1.7.6",
    type: "manual",
    text: "Do not admit root containers (Not Scored)",
    audit: "",
    remediation: `Create a PSP as described in the Kubernetes documentation, ensuring that the .spec.runAsUser.rule is set to either MustRunAsNonRoot or MustRunAs with the range of UIDs not including 0.
`,
    scored: false,
  },
  {
    id: "1.7.7",
    type: "manual",
    text: "Do not admit containers with dangerous capabilities (Not Scored)",
    audit: "",
    remediation: `Create a PSP as described in the Kubernetes documentation, ensuring that the .spec.requiredDropCapabilities is set to include either NET_RAW or ALL.
`,
    scored: false,
  },
];

// ---------------------------------------------------------------------------------------------- etcd target
const etcdConfigFiles: CheckDef[] = [
  {
    id: "1.4.11",
    text: "Ensure that the etcd data directory permissions are set to 700 or more restrictive (Scored)",
    audit: "stat -c %a /node/var/lib/etcd",
    tests: flagEq("700", "700"),
    remediation: `On the etcd server node, get the etcd data directory, passed as an argument --data-dir ,
from the below command:
ps -ef | grep $etcdbin
Run the below command (based on the etcd data directory found above). For example,
chmod 700 /var/lib/etcd
`,
    scored: true,
  },
  {
    id: "1.4.12",
    text: "Ensure that the etcd data directory ownership is set to etcd:etcd (Scored)",
    audit: "stat -c %U:%G /node/var/lib/etcd",
    tests: flagSet("etcd:etcd"),
    remediation: `On the etcd server node, get the etcd data directory, passed as an argument --data-dir ,
from the below command:
ps -ef | grep $etcdbin
Run the below command (based on the etcd data directory found above). For example,
chown etcd:etcd /var/lib/etcd
`,
    scored: true,
  },
  ...PKI_CHECKS,
];

const etcd: CheckDef[] = [
  {
    id: "1.5.1",
    text: "Ensure that the --cert-file and --key-file arguments are set as appropriate (Scored)",
    audit: PS_ETCD,
    tests: { test_items: [{ flag: "--cert-file", set: true }, { flag: "--key-file", set: true }] },
    remediation: `Follow the etcd service documentation and configure TLS encryption.
Then, edit the etcd pod specification file $etcdconf on the
master node and set the below parameters.
--ca-file=</path/to/ca-file>
--key-file=</path/to/key-file>
`,
    scored: true,
  },
  {
    id: "1.5.2",
    text: "Ensure that the --client-cert-auth argument is set to true (Scored)",
    audit: PS_ETCD,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--client-cert-auth", set: true },
        { flag: "--client-cert-auth", compare: { op: "eq", value: "true" }, set: true },
      ],
    },
    remediation: `Edit the etcd pod specification file $etcdconf on the master
node and set the below parameter.
--client-cert-auth="true"
`,
    scored: true,
  },
  {
    id: "1.5.3",
    text: "Ensure that the --auto-tls argument is not set to true (Scored)",
    audit: PS_ETCD,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--auto-tls", set: false },
        { flag: "--auto-tls", compare: { op: "eq", value: "false" }, set: false },
      ],
    },
    remediation: `Edit the etcd pod specification file $etcdconf on the master
node and either remove the --auto-tls parameter or set it to false.
  --auto-tls=false
`,
    scored: true,
  },
  {
    id: "1.5.4",
    text: "Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate (Scored)",
    audit: PS_ETCD,
    tests: {
      bin_op: "and",
      test_items: [
        { flag: "--peer-cert-file", set: true },
        { flag: "--peer-key-file", set: true },
      ],
    },
    remediation: `Follow the etcd service documentation and configure peer TLS encryption as appropriate
for your etcd cluster. Then, edit the etcd pod specification file $etcdconf on the
master node and set the below parameters.
--peer-client-file=</path/to/peer-cert-file>
--peer-key-file=</path/to/peer-key-file>
`,
    scored: true,
  },
  {
    id: "1.5.5",
    text: "Ensure that the --peer-client-cert-auth argument is set to true (Scored)",
    audit: PS_ETCD,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--peer-client-cert-auth", set: true },
        { flag: "--peer-client-cert-auth", compare: { op: "eq", value: "true" }, set: true },
      ],
    },
    remediation: `Edit the etcd pod specification file $etcdconf on the master
node and set the below parameter.
--peer-client-cert-auth=true
`,
    scored: true,
  },
  {
    id: "1.5.6",
    text: "Ensure that the --peer-auto-tls argument is not set to true (Scored)",
    audit: PS_ETCD,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--peer-auto-tls", set: false },
        { flag: "--peer-auto-tls", compare: { op: "eq", value: "false" }, set: true },
      ],
    },
    remediation: `Edit the etcd pod specification file $etcdconf on the master
node and either remove the --peer-auto-tls parameter or set it to false.
--peer-auto-tls=false
`,
    scored: true,
  },
  {
    id: "1.5.7",
    type: "manual",
    text: "Ensure that a unique Certificate Authority is used for etcd (Not Scored)",
    audit: PS_ETCD,
    tests: flagSet("--trusted-ca-file"),
    remediation: `Follow the etcd documentation and create a dedicated certificate authority setup for the
etcd service.
Then, edit the etcd pod specification file $etcdconf on the
master node and set the below parameter.
--trusted-ca-file=</path/to/ca-file>
`,
    scored: false,
  },
];

// ---------------------------------------------------------------------------------------------- 2.1 Kubelet
const kubelet: CheckDef[] = [
  {
    id: "2.1.1",
    text: "Ensure that the --anonymous-auth argument is set to false (Scored)",
    audit: PS_KUBELET,
    tests: flagEq("--anonymous-auth", "false"),
    remediation: `If using a Kubelet config file, edit the file to set authentication: anonymous: enabled to
false .
If using executable arguments, edit the kubelet service file
$kubeletconf on each worker node and
set the below parameter in KUBELET_SYSTEM_PODS_ARGS variable.
--anonymous-auth=false
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.2",
    text: "Ensure that the --authorization-mode argument is not set to AlwaysAllow (Scored)",
    audit: PS_KUBELET,
    tests: { test_items: [{ flag: "--authorization-mode", compare: { op: "nothave", value: "AlwaysAllow" }, set: true }] },
    remediation: `If using a Kubelet config file, edit the file to set authorization: mode to Webhook.
If using executable arguments, edit the kubelet service file
$kubeletsvc on each worker node and
set the below parameter in KUBELET_AUTHZ_ARGS variable.
--authorization-mode=Webhook
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.3",
    text: "Ensure that the --client-ca-file argument is set as appropriate (Scored)",
    audit: PS_KUBELET,
    tests: flagSet("--client-ca-file"),
    remediation: `If using a Kubelet config file, edit the file to set authentication: x509: clientCAFile to
the location of the client CA file.
If using command line arguments, edit the kubelet service file
$kubeletsvc on each worker node and
set the below parameter in KUBELET_AUTHZ_ARGS variable.
--client-ca-file=<path/to/client-ca-file>
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.4",
    text: "Ensure that the --read-only-port argument is set to 0 (Scored)",
    audit: PS_KUBELET,
    tests: flagEq("--read-only-port", "0"),
    remediation: `If using a Kubelet config file, edit the file to set readOnlyPort to 0 .
If using command line arguments, edit the kubelet service file
$kubeletsvc on each worker node and
set the below parameter in KUBELET_SYSTEM_PODS_ARGS variable.
--read-only-port=0
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.5",
    text: "Ensure that the --streaming-connection-idle-timeout argument is not set to 0 (Scored)",
    audit: PS_KUBELET,
    tests: { test_items: [{ flag: "--streaming-connection-idle-timeout", compare: { op: "noteq", value: "0" }, set: true }] },
    remediation: `If using a Kubelet config file, edit the file to set streamingConnectionIdleTimeout to a
value other than 0.
If using command line arguments, edit the kubelet service file
$kubeletsvc on each worker node and
set the below parameter in KUBELET_SYSTEM_PODS_ARGS variable.
--streaming-connection-idle-timeout=5m
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.6",
    text: "Ensure that the --protect-kernel-defaults argument is set to true (Scored)",
    audit: PS_KUBELET,
    tests: flagEq("--protect-kernel-defaults", "true"),
    remediation: `If using a Kubelet config file, edit the file to set protectKernelDefaults: true .
If using command line arguments, edit the kubelet service file
$kubeletsvc on each worker node and
set the below parameter in KUBELET_SYSTEM_PODS_ARGS variable.
--protect-kernel-defaults=true
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.7",
    text: "Ensure that the --make-iptables-util-chains argument is set to true (Scored)",
    audit: PS_KUBELET,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--make-iptables-util-chains", compare: { op: "eq", value: "true" }, set: true },
        { flag: "--make-iptables-util-chains", set: false },
      ],
    },
    remediation: `If using a Kubelet config file, edit the file to set makeIPTablesUtilChains: true .
If using command line arguments, edit the kubelet service file
$kubeletsvc on each worker node and
remove the --make-iptables-util-chains argument from the
KUBELET_SYSTEM_PODS_ARGS variable.
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.8",
    text: "Ensure that the --hostname-override argument is not set (Scored)",
    audit: PS_KUBELET,
    tests: flagUnset("--hostname-override"),
    remediation: `Edit the kubelet service file $kubeletsvc
on each worker node and remove the --hostname-override argument from the
KUBELET_SYSTEM_PODS_ARGS variable.
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.9",
    text: "Ensure that the --event-qps argument is set to 0 (Scored)",
    audit: PS_KUBELET,
    tests: flagEq("--event-qps", "0"),
    remediation: `If using a Kubelet config file, edit the file to set eventRecordQPS: 0 .
If using command line arguments, edit the kubelet service file
$kubeletsvc on each worker node and
set the below parameter in KUBELET_SYSTEM_PODS_ARGS variable.
--event-qps=0
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.10",
    text: "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate (Scored)",
    audit: PS_KUBELET,
    tests: {
      bin_op: "and",
      test_items: [
        { flag: "--tls-cert-file", set: true },
        { flag: "--tls-private-key-file", set: true },
      ],
    },
    remediation: `If using a Kubelet config file, edit the file to set tlsCertFile to the location of the certificate
file to use to identify this Kubelet, and tlsPrivateKeyFile to the location of the
corresponding private key file.
If using command line arguments, edit the kubelet service file
$kubeletsvc on each worker node and
set the below parameters in KUBELET_CERTIFICATE_ARGS variable.
--tls-cert-file=<path/to/tls-certificate-file>
file=<path/to/tls-key-file>
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.11",
    text: "Ensure that the --cadvisor-port argument is set to 0 (Scored)",
    audit: PS_KUBELET,
    tests: {
      bin_op: "or",
      test_items: [
        { flag: "--cadvisor-port", compare: { op: "eq", value: "0" }, set: true },
        { flag: "--cadvisor-port", set: false },
      ],
    },
    remediation: `Edit the kubelet service file $kubeletsvc
on each worker node and set the below parameter in KUBELET_CADVISOR_ARGS variable.
--cadvisor-port=0
${KUBELET_RESTART}`,
    scored: true,
  },
  {
    id: "2.1.12",
    type: "skip",
    text: "Ensure that the --rotate-certificates argument is not set to false (Scored)",
    audit: PS_KUBELET,
    tests: flagEq("--rotate-certificates", "true"),
    remediation: `Certificate Rotation is handled by RKE directly.
`,
    scored: true,
  },
  {
    id: "2.1.13",
    type: "skip",
    text: "Ensure that the RotateKubeletServerCertificate argument is set to true (Scored)",
    audit: PS_KUBELET,
    tests: flagEq("RotateKubeletServerCertificate", "true"),
    remediation: `Certificate Rotation is handled by RKE directly.
`,
    scored: true,
  },
  {
    id: "2.1.14",
    text: "Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers (Not Scored)",
    audit: PS_KUBELET,
    tests: flagEq("--tls-cipher-suites", STRONG_CIPHERS),
    remediation: `If using a Kubelet config file, edit the file to set TLSCipherSuites: to ${STRONG_CIPHERS}
If using executable arguments, edit the kubelet service file $kubeletconf on each worker node and set the below parameter.
--tls-cipher-suites=${STRONG_CIPHERS}
`,
    scored: false,
  },
];

// ---------------------------------------------------------------------------------------------- 2.2 Configuration Files
const nodeConfigFiles: CheckDef[] = [
  {
    id: "2.2.1",
    text: "Ensure that the kubelet.conf file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("/node$kubeletkubeconfig"),
    tests: perm644,
    remediation: `Run the below command (based on the file location on your system) on the each worker
node. For example,
chmod 644 $kubeletkubeconfig
`,
    scored: true,
  },
  {
    id: "2.2.2",
    text: "Ensure that the kubelet.conf file ownership is set to root:root (Scored)",
    audit: statOwner("/node$kubeletkubeconfig"),
    tests: rootRoot,
    remediation: `Run the below command (based on the file location on your system) on the each worker
node. For example,
chown root:root $kubeletkubeconfig
`,
    scored: true,
  },
  {
    id: "2.2.3",
    type: "skip",
    text: "Ensure that the kubelet service file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("$kubeletsvc"),
    tests: perm644,
    remediation: RKE_NO_CONF_KUBELET,
    scored: true,
  },
  {
    id: "2.2.4",
    type: "skip",
    text: "Ensure that the kubelet service file ownership is set to root:root (Scored)",
    audit: statOwner("$kubeletsvc"),
    tests: rootRootPresent,
    remediation: RKE_NO_CONF_KUBELET,
    scored: true,
  },
  {
    id: "2.2.5",
    text: "Ensure that the proxy kubeconfig file permissions are set to 644 or more restrictive (Scored)",
    audit: statPerm("/node$proxykubeconfig"),
    tests: perm644,
    remediation: `Run the below command (based on the file location on your system) on the each worker
node. For example,
chmod 644 $proxykubeconfig
`,
    scored: true,
  },
  {
    id: "2.2.6",
    text: "Ensure that the proxy kubeconfig file ownership is set to root:root (Scored)",
    audit: statOwner("/node$proxykubeconfig"),
    tests: rootRootPresent,
    remediation: `Run the below command (based on the file location on your system) on the each worker
node. For example,
chmod 644 $proxykubeconfig
`,
    scored: true,
  },
  {
    id: "2.2.7",
    text: "Ensure that the certificate authorities file permissions are set to 644 or more restrictive (Scored)",
    audit: `${statPerm("/node$kubeletcafile")} `,
    tests: {
      bin_op: "or",
      test_items: ["644", "640", "600", "444", "440", "400", "000"].map((m) => ({
        flag: m,
        compare: { op: "eq" as const, value: m },
        set: true,
      })),
    },
    remediation: `Run the following command to modify the file permissions of the --client-ca-file
chmod 644 <filename>
`,
    scored: true,
  },
  {
    id: "2.2.8",
    text: "Ensure that the client certificate authorities file ownership is set to root:root (Scored)",
    audit: `${statOwner("/node$kubeletcafile")} `,
    tests: rootRootPresent,
    remediation: `Run the following command to modify the ownership of the --client-ca-file .
chown root:root <filename>
`,
    scored: true,
  },
  {
    id: "2.2.9",
    type: "skip",
    text: "Ensure that the kubelet configuration file ownership is set to root:root (Scored)",
    audit: statOwner("$kubeletconf"),
    tests: rootRootPresent,
    remediation: RKE_NO_CONF_KUBELET,
    scored: true,
  },
  {
    id: "2.2.10",
    type: "skip",
    text: "Ensure that the kubelet configuration file has permissions set to 644 or more restrictive (Scored)",
    audit: statPerm("$kubeletconf"),
    tests: perm644,
    remediation: RKE_NO_CONF_KUBELET,
    scored: true,
  },
];

export const RKE_CIS_1_4: BenchmarkDef = {
  id: "rke-cis-1.4",
  targets: ["master", "node", "etcd"],
  controls: {
    master: {
      id: "1",
      text: "Master Node Security Configuration",
      type: "master",
      groups: [
        { id: "1.1", text: "API Server", checks: apiServer },
        { id: "1.2", text: "Scheduler", checks: scheduler },
        { id: "1.3", text: "Controller Manager", checks: controllerManager },
        { id: "1.4", text: "Configuration Files", checks: masterConfigFiles },
        { id: "1.6", text: "General Security Primitives", checks: generalSecurityPrimitives },
        { id: "1.7", text: "PodSecurityPolicies", checks: podSecurityPolicies },
      ],
    },
    etcd: {
      id: "1",
      text: "Master Node Security Configuration",
      type: "etcd",
      groups: [
        { id: "1.4", text: "Configuration Files", checks: etcdConfigFiles },
        { id: "1.5", text: "etcd", checks: etcd },
      ],
    },
    node: {
      id: "2",
      text: "Worker Node Security Configuration",
      type: "node",
      groups: [
        { id: "2.1", text: "Kubelet", checks: kubelet },
        { id: "2.2", text: "Configuration Files", checks: nodeConfigFiles },
      ],
    },
  },
};

/** Rancher's RKE-CIS-1.4-Permissive skip list: these fail on a default RKE cluster (Rancher docs). */
export const RKE_CIS_1_4_PERMISSIVE_SKIPS: readonly string[] = [
  "1.1.11", "1.1.21", "1.1.24", "1.1.34", "1.1.35", "1.1.36", "1.2.2", "1.3.7", "1.4.12",
  "1.7.2", "1.7.3", "1.7.4", "1.7.5", "2.1.6", "2.1.10",
];

/** Rancher's not-applicable list for rke-cis-1.4 (Rancher docs). */
export const RKE_CIS_1_4_NOT_APPLICABLE: readonly string[] = [
  "1.1.9", "1.3.6", "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7", "1.4.8", "1.4.13", "1.4.14",
  "2.1.8", "2.1.12", "2.1.13", "2.2.3", "2.2.4", "2.2.9", "2.2.10",
];
