// Started by `./odeon shell`: the packages a first session needs. Try
//   var net = Mlp.tanh(new Rng(1), 2, 16, 1)
//   net.apply(Tensor.constant(new Rng(2).normal(DType.F64, 0, 1, 4, 2)))
import org.odeon.tensor.*;
import org.odeon.autograd.*;
import org.odeon.nn.*;
import org.odeon.optim.*;
import org.odeon.data.*;
import org.odeon.io.*;
import org.odeon.ode.*;
import org.odeon.lie.*;
import org.odeon.systems.*;
import org.odeon.parareal.*;
import org.odeon.models.lipschitz.*;
import org.odeon.models.symplectic.*;
import org.odeon.robust.*;
