package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.Endpoint;
import dev.iotlab.operator.customresource.StorageComponentSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * A web UI served under a sub-path of the student's host (Node-RED under /node-red, Grafana under /grafana): one
 * HTTP port behind one ClusterIP Service, one route for the path, its data on a 1 Gi claim unless the spec says more.
 */
public abstract class SubPathUiComponent extends Component {
    private final int port;
    private final String path;
    private final String dataClaim;

    SubPathUiComponent(String name, String specKey, DefaultImage defaultImage, long uid, Sizing small,
                       Sizing standard, int port, String path, String dataClaim) {
        super(name, specKey, defaultImage, uid, small, standard);
        this.port = port;
        this.path = path;
        this.dataClaim = dataClaim;
    }

    @Override
    public abstract StorageComponentSpec spec(Lab lab);

    @Override
    public List<PersistentVolumeClaim> volumeClaims(Lab lab) {
        return dataClaim(lab, dataClaim, spec(lab), "1Gi");
    }

    @Override
    public List<Service> services(Lab lab) {
        return httpService(lab, port);
    }

    @Override
    public List<WebRoute> webRoutes(Lab lab) {
        return List.of(WebRoute.subPathUi(path, name(), port));
    }

    /** An endpoint at {@code subPath} under the UI's path: in the cluster, and on the student's host if it has one. */
    protected Endpoint endpoint(Lab lab, String endpoint, String subPath) {
        return new Endpoint(endpoint, "http://" + lab.serviceHost(name()) + ":" + port + path + subPath,
                IngressRoutes.external(lab, path + subPath, false));
    }
}
