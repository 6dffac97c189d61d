{{/* Names and labels. */}}
{{- define "bishan.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "bishan.commonLabels" -}}
app.kubernetes.io/part-of: bishan
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "bishan.labels" -}}
{{ include "bishan.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "bishan.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .name }}
{{- end -}}

{{- define "bishan.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ default (include "bishan.fullname" .) .Values.serviceAccount.name }}{{- else -}}{{ default "default" .Values.serviceAccount.name }}{{- end -}}
{{- end -}}

{{/* The port variable each service reads (libs/config, services/web). */}}
{{- define "bishan.portVariable" -}}
{{- $vars := dict "case-api" "CASE_API_PORT" "case-worker" "CASE_WORKER_PORT" "notification" "NOTIFICATION_PORT" "reporting" "REPORTING_PORT" "web" "WEB_PORT" -}}
{{- get $vars . -}}
{{- end -}}

{{- define "bishan.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "a Secret name for %s" .env) .name }}
      key: {{ required (printf "a Secret key for %s" .env) .key }}
{{- end -}}

{{/* Environment every service shares: non-secret settings from the ConfigMap, secrets from Secrets. */}}
{{- define "bishan.env" -}}
{{- $v := .Values -}}
{{ include "bishan.secretEnv" (dict "env" "DATABASE_URL" "name" $v.database.urlSecret.name "key" $v.database.urlSecret.key) }}
{{- if $v.kafka.sasl.enabled }}
{{ include "bishan.secretEnv" (dict "env" "KAFKA_SASL_USERNAME" "name" $v.kafka.sasl.secretName "key" $v.kafka.sasl.usernameKey) }}
{{ include "bishan.secretEnv" (dict "env" "KAFKA_SASL_PASSWORD" "name" $v.kafka.sasl.secretName "key" $v.kafka.sasl.passwordKey) }}
{{- end }}
{{- if $v.metrics.tokenSecret.name }}
{{ include "bishan.secretEnv" (dict "env" "METRICS_TOKEN" "name" $v.metrics.tokenSecret.name "key" $v.metrics.tokenSecret.key) }}
{{- end }}
{{- with $v.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "bishan.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  mountPath: /etc/bishan/temporal-tls
  readOnly: true
{{- end }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: /etc/bishan/kafka-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "bishan.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  secret:
    secretName: {{ required "temporal.tls.secretName" .Values.temporal.tls.secretName }}
    defaultMode: 0440
{{- end }}
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret.name }}
    defaultMode: 0440
    items:
      - key: {{ .Values.kafka.tls.caSecret.key }}
        path: ca.crt
{{- end }}
{{- end -}}
