package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabCertificate;
import dev.iotlab.operator.model.TlsSettings;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The installer's TLS source Secret (operator.tls.sourceSecret) copied into every lab namespace that names a
 * tlsSecretName: watched by name, so a renewal reconciles every lab and each gets the new copy.
 */
final class TlsSourceCopy {
    static final String EVENT_SOURCE = "tls-source";
    static final String FIELD_MANAGER = "iotlab-operator-tls";

    private final TlsSettings tls;
    private InformerEventSource<Secret, IotLab> source;

    TlsSourceCopy(TlsSettings tls) {
        this.tls = tls;
    }

    /** An informer on the source Secret only (by name), mapped to every lab; none without a source. */
    List<EventSource<?, IotLab>> eventSources(EventSourceContext<IotLab> context) {
        if (!tls.copiesSource()) {
            return List.of();
        }
        var config = InformerEventSourceConfiguration.from(Secret.class, IotLab.class)
                .withName(EVENT_SOURCE)
                .withNamespaces(Set.of(tls.sourceNamespace()))
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name", tls.sourceName())))
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache().list()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        source = new InformerEventSource<>(config, context);
        return List.of(source);
    }

    /**
     * Copies the source Secret into the lab namespace when the copy there differs (a first copy, a renewal, an
     * edit), and returns the TLS Secret the lab's Ingress will use, if there is one.
     */
    Optional<Secret> sync(Lab lab, Context<IotLab> context, Instant now) {
        Optional<String> name = LabCertificate.secretName(lab);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Secret existing = context.getClient().secrets().inNamespace(lab.namespace()).withName(name.get()).get();
        if (tls.copiesSource() && source != null) {
            Secret sourceSecret = source.get(new ResourceID(tls.sourceName(), tls.sourceNamespace())).orElse(null);
            Optional<Secret> copy = LabCertificate.copy(lab, sourceSecret);
            if (copy.isPresent() && !LabCertificate.upToDate(copy.get(), existing)) {
                Secret desired = copy.get();
                desired.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                        .withApiVersion(IotLab.API_VERSION).withKind("IotLab").withName(lab.name())
                        .withUid(lab.resource().getMetadata().getUid()).withController(false)
                        .withBlockOwnerDeletion(false).build()));
                existing = context.getClient().resource(desired).fieldManager(FIELD_MANAGER).forceConflicts()
                        .serverSideApply();
                LabEvents.record(context.getClient(), lab.resource(), List.of(LabEvents.LabEvent.normal(
                        "CertificateCopied", "copied TLS Secret " + tls.sourceNamespace() + "/" + tls.sourceName()
                                + " into " + lab.namespace() + "/" + name.get())), now);
            }
        }
        return Optional.ofNullable(existing);
    }
}
