{{- define "iotlab-course.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: iotlab
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The course label: course, else the release name (helm install iot101 ... gives course iot101). */}}
{{- define "iotlab-course.course" -}}
{{- $course := .Values.course | default .Release.Name -}}
{{- if or (gt (len $course) 24) (not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $course)) -}}
{{- fail (printf "course %q must be a DNS label of at most 24 characters (lower-case letters, digits, '-'); set course: in values" $course) -}}
{{- end -}}
{{- $course -}}
{{- end -}}

{{/*
Components of one student: the course defaults, then the student's fields on top, field by field (a student's
"enabled: false" wins over a default "enabled: true", which sprig's mergeOverwrite would drop).
*/}}
{{- define "iotlab-course.components" -}}
{{- $defaults := .defaults | default dict -}}
{{- $own := .own | default dict -}}
{{- $result := dict -}}
{{- range $name := list "emqx" "influxdb" "nodeRed" "grafana" "api" "simulator" -}}
{{- $merged := dict -}}
{{- range $k, $v := (get $defaults $name | default dict) -}}{{- $_ := set $merged $k $v -}}{{- end -}}
{{- range $k, $v := (get $own $name | default dict) -}}{{- $_ := set $merged $k $v -}}{{- end -}}
{{- if $merged -}}{{- $_ := set $result $name $merged -}}{{- end -}}
{{- end -}}
{{- if $result -}}{{- toYaml $result -}}{{- end -}}
{{- end -}}
