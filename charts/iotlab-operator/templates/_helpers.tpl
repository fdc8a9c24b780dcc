{{/* Name of the chart, or nameOverride. */}}
{{- define "iotlab-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name: the release name when it already contains the chart name, else release-chart. */}}
{{- define "iotlab-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "iotlab-operator.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "iotlab-operator.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "iotlab-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "iotlab-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "iotlab-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "iotlab-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: iotlab
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "iotlab-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "iotlab-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The operator image, pinned by tag (default: appVersion), and by digest too when one is set (releases). */}}
{{- define "iotlab-operator.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if eq $tag "latest" -}}
{{- fail "image.tag \"latest\" is not allowed: pin a version, e.g. 0.1.0" -}}
{{- end -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Name of the leader-election Lease; the operator uses this fixed name (OperatorFactory). */}}
{{- define "iotlab-operator.leaseName" -}}iotlab-operator{{- end -}}

{{/*
The image of every lab component, as the operator will run it: operator.componentImages where set, else the
operator's built-in default (OperatorSettings.DEFAULT_IMAGES; ours at the chart's appVersion). The pre-puller pulls
exactly these; PrePullChartTest holds this list to the operator's own. A dict: values key -> image.
*/}}
{{- define "iotlab-operator.componentImages" -}}
{{- $defaults := dict
      "emqx" "emqx/emqx:5.8.6"
      "influxdb" "influxdb:2.7.11"
      "nodeRed" (printf "ghcr.io/iotlab-dev/iotlab-node-red:%s" .Chart.AppVersion)
      "grafana" "grafana/grafana:11.6.1"
      "api" (printf "ghcr.io/iotlab-dev/iotlab-api:%s" .Chart.AppVersion)
      "simulator" (printf "ghcr.io/iotlab-dev/iotlab-simulator:%s" .Chart.AppVersion) -}}
{{- $images := dict -}}
{{- range $component, $default := $defaults -}}
{{- $_ := set $images $component (default $default (get $.Values.operator.componentImages $component)) -}}
{{- end -}}
{{- toYaml $images -}}
{{- end -}}

{{/* Labels of the pre-puller: its own name, so the operator's Service and Deployment never select its pods. */}}
{{- define "iotlab-operator.prePullSelectorLabels" -}}
app.kubernetes.io/name: iotlab-prepull
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The restricted Pod Security Standard, for every container of the pre-puller. */}}
{{- define "iotlab-operator.prePullContainerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end -}}
